package io.releasedesk.support;

import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * Walks a release through the engine REST API as its people do in Tasklist: each claims the release's open task of a
 * kind, as themselves, and submits its form. Waits for the job executor to bring the release to the task first.
 */
public class ReleaseWalk {

  private final ApiClient api;
  private final Duration patience;

  /** Patient enough for one retry of a step whose webhook call failed (the models retry a minute later). */
  public ReleaseWalk(TestRestTemplate rest) {
    this(rest, Duration.ofSeconds(90));
  }

  public ReleaseWalk(TestRestTemplate rest, Duration patience) {
    this.api = new ApiClient(rest);
    this.patience = patience;
  }

  /** The person claims the release's open task of this kind and submits its form. */
  public void work(String user, String releaseKey, String taskKey, Map<String, Object> values) {
    String taskId = waitForTask(releaseKey, taskKey);
    var claimed =
        api.call(
            user,
            HttpMethod.POST,
            "/engine-rest/task/" + taskId + "/claim",
            Map.of("userId", user));
    assertThat(claimed.getStatusCode())
        .as("%s claims %s of %s: %s", user, taskKey, releaseKey, claimed.getBody())
        .isEqualTo(HttpStatus.NO_CONTENT);
    var done =
        api.call(
            user,
            HttpMethod.POST,
            "/engine-rest/task/" + taskId + "/submit-form",
            Map.of("variables", variables(values)));
    assertThat(done.getStatusCode())
        .as("%s completes %s of %s: %s", user, taskKey, releaseKey, done.getBody())
        .isIn(HttpStatus.OK, HttpStatus.NO_CONTENT);
  }

  /** Waits until the job executor has moved the release on to an open task of this kind; its id. */
  public String waitForTask(String releaseKey, String taskKey) {
    return await()
        .atMost(patience)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              var tasks =
                  api.list(
                      "admin",
                      "/engine-rest/task?maxResults=10&taskDefinitionKey="
                          + taskKey
                          + "&processInstanceBusinessKey="
                          + releaseKey);
              return tasks == null || tasks.isEmpty() ? null : (String) tasks.get(0).get("id");
            },
            id -> id != null);
  }
}
