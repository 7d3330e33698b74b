package io.releasedesk.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import io.releasedesk.support.TasklistSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

/**
 * An ended release's evidence pack, read with the session of Tasklist or Cockpit as the board and Cockpit's finished
 * instances link it: the same document HTTP Basic reads, for the same people (a person who may not read the release
 * gets 404 either way), only as a GET; and, for a key requested again after a cancellation, the pack of the release
 * the link names. Doors: Release Desk's API with HTTP Basic and with the webapps' session.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class EvidencePackInTheWebappsSessionTest {

  static final String KEY = "inventory@8.1.0";
  static final String PATH = "/api/releases/" + KEY + "/evidence";

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired HistoryService historyService;
  @LocalServerPort int port;
  ApiClient api;

  @BeforeEach
  void client() {
    api = new ApiClient(rest);
  }

  @AfterEach
  void forgetReleases() {
    Cleanup.forgetReleases(runtimeService);
  }

  @Test
  void theWebappsSessionReadsThePackOfTheReleaseItNamesAsHttpBasicDoes() {
    // given: inventory 8.1.0 was cancelled, and then requested again; the second one runs
    request();
    cancel("Supplier API not ready");
    String cancelled = awaitEndedRelease();
    request();
    String base = "http://localhost:" + port;

    // when: Mona, a release viewer, reads the cancelled release's pack with her Cockpit session
    var mona = TasklistSession.loginTo("cockpit", base, "mona", "mona");
    var read = mona.getPath(PATH + "?processInstanceId=" + cancelled);

    // then: the document HTTP Basic reads, as a Markdown download
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(read.headers().firstValue(HttpHeaders.CONTENT_TYPE))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/markdown"));
    assertThat(read.headers().firstValue(HttpHeaders.CONTENT_DISPOSITION))
        .hasValue("attachment; filename=\"" + KEY + "-evidence.md\"");
    assertThat(read.body())
        .isEqualTo(api.text("mona", PATH + "?processInstanceId=" + cancelled).getBody())
        .contains("when the release ended (cancelled)")
        .contains("Cancelled: Supplier API not ready");

    // the key alone names the newest release, which still runs: 409, with HTTP Basic and the
    // session
    assertThat(mona.getPath(PATH).statusCode()).isEqualTo(409);
    assertThat(api.text("mona", PATH).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    // an instance that is not a release of this key is no release of it
    String running = runningRelease();
    assertThat(mona.getPath("/api/releases/search@8.1.0/evidence?processInstanceId=" + cancelled))
        .satisfies(answer -> assertThat(answer.statusCode()).isEqualTo(404));
    assertThat(mona.getPath(PATH + "?processInstanceId=" + running).statusCode()).isEqualTo(409);

    // a person who may not read the release gets 404, with the session as with HTTP Basic
    var carol = TasklistSession.login(base, "carol", "carol");
    assertThat(carol.getPath(PATH + "?processInstanceId=" + cancelled).statusCode()).isEqualTo(404);
    assertThat(api.text("carol", PATH + "?processInstanceId=" + cancelled).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    // the session only reads: it cannot cancel the running release, which still runs
    assertThat(mona.postPath("/api/releases/" + KEY + "/cancel", "{\"reason\": \"by session\"}"))
        .satisfies(answer -> assertThat(answer.statusCode()).isEqualTo(401));
    assertThat(
            TasklistSession.login(base, "rita", "rita")
                .postPath("/api/releases/" + KEY + "/cancel", "{\"reason\": \"by session\"}")
                .statusCode())
        .as("even a release manager's session")
        .isEqualTo(401);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(running).count())
        .isEqualTo(1);
    // and without a session or credentials nothing is read
    assertThat(rest.getForEntity(PATH + "?processInstanceId=" + cancelled, String.class))
        .satisfies(answer -> assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED));
  }

  private void request() {
    // the cancelled release frees its key as it is recorded; a new request may come a moment later
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api.call(
                        "rita",
                        HttpMethod.POST,
                        "/api/releases",
                        ApiClient.releaseRequest(
                            "inventory", "8.1.0", "Stock reservations for marketplace orders"))
                    .getStatusCode(),
            status -> status == HttpStatus.CREATED);
    // the version is proposed from the repository in the background; then the release waits for
    // its plan
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                runtimeService
                        .createExecutionQuery()
                        .processInstanceBusinessKey(KEY)
                        .activityId(ReleaseProcess.Elements.TASK_PLAN_RELEASE)
                        .count()
                    == 1);
  }

  private void cancel(String reason) {
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases/" + KEY + "/cancel",
                    Map.of("reason", reason))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  /** The id of the release of this key that has ended, once it has. */
  private String awaitEndedRelease() {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              List<HistoricProcessInstance> ended =
                  historyService
                      .createHistoricProcessInstanceQuery()
                      .processInstanceBusinessKey(KEY)
                      .finished()
                      .listPage(0, 10);
              return ended.size() == 1 ? ended.get(0).getId() : null;
            },
            id -> id != null);
  }

  private String runningRelease() {
    return runtimeService
        .createProcessInstanceQuery()
        .processInstanceBusinessKey(KEY)
        .singleResult()
        .getId();
  }
}
