package io.releasedesk.support;

import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_BADLY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_WELL;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * Walks releases through a node's HTTP APIs as their people would: Rita requests through {@code /api/releases}, each
 * person claims and submits their task through the engine REST API. Waits are generous, since a step may wait for a
 * job lock to expire after a node died.
 */
public final class ReleaseWalker {

  /** Long enough for a dead node's job lock to expire and another node to take the job, on a busy machine. */
  public static final Duration PATIENCE = Duration.ofMinutes(3);

  private final ApiClient api;

  public ReleaseWalker(ApiClient api) {
    this.api = api;
  }

  public static ReleaseWalker on(ReleaseDeskNode node) {
    return new ReleaseWalker(node.api());
  }

  /** Rita requests a regular, internal release without migrations; the rules approve a small one by themselves. */
  public String request(String service, String version) {
    var started =
        api.call(
            "rita",
            HttpMethod.POST,
            "/api/releases",
            Map.of(
                SERVICE.getName(),
                service,
                VERSION.getName(),
                version,
                TARGET_DATE.getName(),
                LocalDate.now().plusDays(7).toString(),
                RELEASE_TYPE.getName(),
                "regular",
                SCOPE_SUMMARY.getName(),
                "Monthly statements",
                HAS_DATABASE_MIGRATIONS.getName(),
                false,
                CUSTOMER_FACING.getName(),
                false));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.CREATED);
    return service + "@" + version;
  }

  /** Plans a small change and the three teams confirm they are ready. */
  public void planAndConfirm(String release) {
    work("rita", release, "Task_PlanRelease", Map.of(CHANGE_SIZE.getName(), "small"));
    work(
        "devon",
        release,
        "Task_ConfirmDevelopmentReadiness",
        Map.of(DEVELOPMENT_READINESS.getName(), "ready"));
    work("quinn", release, "Task_ConfirmQaReadiness", Map.of(QA_READINESS.getName(), "ready"));
    work(
        "otto",
        release,
        "Task_ConfirmOperationsReadiness",
        Map.of(OPERATIONS_READINESS.getName(), "ready"));
  }

  /** QA passes the candidate on staging. */
  public void passQa(String release) {
    work(
        "quinn",
        release,
        "Task_VerifyReleaseCandidate",
        Map.of(
            QA_RESULT.getName(),
            "pass",
            DEFECTS_FOUND.getName(),
            0,
            TEST_SUMMARY.getName(),
            "All journeys pass"));
  }

  /** Rita holds the retrospective, without action items. */
  public void holdRetrospective(String release) {
    work(
        "rita",
        release,
        "Task_HoldRetrospective",
        Map.of(WENT_WELL.getName(), "Smooth", WENT_BADLY.getName(), "Nothing"));
  }

  /** The person claims the release's open task of this kind, once it is there, and submits its form. */
  public void work(String user, String release, String taskKey, Map<String, Object> values) {
    String taskId = awaitTask(release, taskKey);
    assertThat(
            api.call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/claim",
                    Map.of("userId", user))
                .getStatusCode())
        .as("%s claims %s of %s", user, taskKey, release)
        .isEqualTo(HttpStatus.NO_CONTENT);
    var submitted =
        api.call(
            user,
            HttpMethod.POST,
            "/engine-rest/task/" + taskId + "/submit-form",
            Map.of("variables", variables(values)));
    assertThat(submitted.getStatusCode())
        .as("%s completes %s of %s: %s", user, taskKey, release, submitted.getBody())
        .isIn(HttpStatus.OK, HttpStatus.NO_CONTENT);
  }

  /** The id of the release's open task of this kind, once the job executor has moved the release on to it. */
  public String awaitTask(String release, String taskKey) {
    return await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              List<Map<String, Object>> tasks =
                  api.list(
                      "admin",
                      "/engine-rest/task?maxResults=1&processInstanceBusinessKey="
                          + release
                          + "&taskDefinitionKey="
                          + taskKey);
              return tasks == null || tasks.isEmpty() ? null : (String) tasks.get(0).get("id");
            },
            id -> id != null);
  }

  /** Where the release stands, as {@code GET /api/releases/{key}} tells Rita. */
  public Map<String, Object> status(String release) {
    return api.call("rita", HttpMethod.GET, "/api/releases/" + release, null).getBody();
  }

  /** Waits until the release has ended with this outcome ({@code released}, say), and returns its status. */
  public Map<String, Object> awaitOutcome(String release, String outcome) {
    return await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> status(release), status -> outcome.equals(status.get("outcome")));
  }
}
