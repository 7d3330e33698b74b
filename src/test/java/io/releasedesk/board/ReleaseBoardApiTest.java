package io.releasedesk.board;

import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import io.releasedesk.support.TasklistSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The release board through {@code GET /api/releases}: releases in several phases and one cancelled, as a release
 * manager, a release viewer and a developer see them, filtered and paged; refusals in words; and the webapps' session
 * reading it (only reading).
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class ReleaseBoardApiTest {

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired HistoryService historyService;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;
  ApiClient api;

  @BeforeEach
  void client() {
    api = new ApiClient(rest);
  }

  /** Each test starts with an empty board: running releases deleted, and the history of every release. */
  @AfterEach
  void forgetReleases() {
    Cleanup.forgetReleases(runtimeService);
    historyService
        .createHistoricProcessInstanceQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .listPage(0, 1000)
        .forEach(release -> historyService.deleteHistoricProcessInstanceIfExists(release.getId()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyoneSeesTheReleasesTheyMayReadSortedByTargetDate(CapturedOutput output) {
    // given: checkout waits for the teams' readiness, payments and search for their plan; inventory
    // was cancelled
    request("payments", "5.0.0", 10);
    request("checkout", "5.0.0", 3);
    request("search", "5.0.0", 20);
    request("inventory", "5.0.0", 5);
    api.work(
        "checkout@5.0.0",
        "rita",
        Elements.TASK_PLAN_RELEASE,
        Map.of(CHANGE_SIZE.getName(), "small"));
    api.waitForTask("checkout@5.0.0", Elements.TASK_CONFIRM_DEVELOPMENT_READINESS);
    api.waitForTask("payments@5.0.0", Elements.TASK_PLAN_RELEASE);
    api.waitForTask("search@5.0.0", Elements.TASK_PLAN_RELEASE);
    api.waitForTask("inventory@5.0.0", Elements.TASK_PLAN_RELEASE);
    assertThat(
            call(
                    "rita",
                    "/api/releases/inventory@5.0.0/cancel",
                    Map.of("reason", "Supplier not ready"))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    // the cancelled release ends once its cancellation is announced, a step of its own
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                runtimeService
                        .createProcessInstanceQuery()
                        .processInstanceBusinessKey("inventory@5.0.0")
                        .count()
                    == 0);

    // when: the release manager opens the board
    var board = board("rita", "");

    // then: every release, the nearest target date first, each with its phase or outcome and whom
    // it waits for
    assertThat(board)
        .containsEntry("total", 4)
        .containsEntry("firstResult", 0)
        .containsEntry("maxResults", 20);
    assertThat((List<String>) board.get("phases"))
        .containsExactly(
            "Request",
            "Planning",
            "Coordination",
            "Risk",
            "Quality assurance",
            "Approval",
            "Deployment and verification",
            "Documentation",
            "Post-release");
    List<Map<String, Object>> releases = releases(board);
    assertThat(releases)
        .extracting(r -> r.get("releaseKey"), r -> r.get("phase"), r -> r.get("outcome"))
        .containsExactly(
            tuple("checkout@5.0.0", "Coordination", "in progress"),
            tuple("inventory@5.0.0", null, "cancelled"),
            tuple("payments@5.0.0", "Planning", "in progress"),
            tuple("search@5.0.0", "Planning", "in progress"));
    Map<String, Object> checkout = releases.get(0);
    assertThat(checkout)
        .containsEntry("service", "checkout")
        .containsEntry("version", "5.0.0")
        .containsEntry("targetDate", LocalDate.now().plusDays(3).toString())
        .containsEntry("requestedBy", "rita")
        .containsEntry("finishedAt", null)
        .containsEntry("candidateVersion", null);
    assertThat(checkout.get("requestedAt")).isNotNull();
    assertThat((List<Map<String, Object>>) checkout.get("waitingOn"))
        .extracting(
            task -> task.get("name"),
            task -> task.get("candidateGroups"),
            task -> task.get("assignee"))
        .containsExactlyInAnyOrder(
            tuple("Confirm development readiness", List.of("developers"), null),
            tuple("Confirm QA readiness", List.of("qa"), null),
            tuple("Confirm operations readiness", List.of("operations"), null));
    assertThat((List<Map<String, Object>>) releases.get(2).get("waitingOn"))
        .extracting(task -> task.get("name"), task -> task.get("candidateGroups"))
        .containsExactly(tuple("Plan release", List.of("release-managers")));
    assertThat(releases.get(1).get("finishedAt")).isNotNull();
    assertThat((List<?>) releases.get(1).get("waitingOn")).isEmpty();

    // filters, each alone and together
    assertThat(keys(board("rita", "?service=payments"))).containsExactly("payments@5.0.0");
    assertThat(keys(board("rita", "?phase=Planning")))
        .containsExactly("payments@5.0.0", "search@5.0.0");
    assertThat(keys(board("rita", "?phase=coordination"))).containsExactly("checkout@5.0.0");
    assertThat(keys(board("rita", "?outcome=cancelled"))).containsExactly("inventory@5.0.0");
    assertThat(keys(board("rita", "?outcome=in progress")))
        .containsExactly("checkout@5.0.0", "payments@5.0.0", "search@5.0.0");
    assertThat(keys(board("rita", "?outcome=released"))).isEmpty();
    assertThat(keys(board("rita", "?service=search&phase=Planning&outcome=in progress")))
        .containsExactly("search@5.0.0");

    // paged
    var second = board("rita", "?firstResult=1&maxResults=2");
    assertThat(second)
        .containsEntry("total", 4)
        .containsEntry("firstResult", 1)
        .containsEntry("maxResults", 2);
    assertThat(keys(second)).containsExactly("inventory@5.0.0", "payments@5.0.0");

    // a release viewer sees them all; a developer only the release they are given a task in, while
    // it runs
    assertThat(keys(board("mona", "")))
        .containsExactly("checkout@5.0.0", "inventory@5.0.0", "payments@5.0.0", "search@5.0.0");
    var developer = board("devon", "");
    assertThat(keys(developer)).containsExactly("checkout@5.0.0");
    assertThat((List<Map<String, Object>>) releases(developer).get(0).get("waitingOn"))
        .extracting(task -> task.get("name"))
        .containsExactly("Confirm development readiness");
    assertThat(keys(board("devon", "?phase=Coordination"))).containsExactly("checkout@5.0.0");
    assertThat(keys(board("devon", "?phase=Planning"))).isEmpty();
    assertThat(releases(board("devon", "?outcome=in progress")))
        .extracting(r -> r.get("releaseKey"), r -> r.get("phase"), r -> r.get("service"))
        .containsExactly(tuple("checkout@5.0.0", "Coordination", "checkout"));
    assertThat(keys(board("quinn", "?service=payments"))).isEmpty();

    // a release that ended before the period (30 days) leaves the board
    jdbc.update(
        "update ACT_HI_PROCINST set END_TIME_ = ? where BUSINESS_KEY_ = ?",
        Timestamp.from(Instant.now().minus(Duration.ofDays(31))),
        "inventory@5.0.0");
    assertThat(board("rita", "")).containsEntry("total", 3);
    assertThat(keys(board("rita", "")))
        .containsExactly("checkout@5.0.0", "payments@5.0.0", "search@5.0.0");
    assertThat(keys(board("rita", "?outcome=cancelled"))).isEmpty();

    // refusals in words, no errors in the log
    int logMark = output.getAll().length();
    assertThat(refusal("?phase=Launch"))
        .isEqualTo(
            "'phase' must be one of Request, Planning, Coordination, Risk, "
                + "Quality assurance, Approval, Deployment and verification, Documentation, Post-release, not 'Launch'");
    assertThat(refusal("?outcome=done"))
        .isEqualTo(
            "'outcome' must be one of in progress, released, rolled back, cancelled, not 'done'");
    assertThat(refusal("?service=billing"))
        .isEqualTo(
            "'service' must be a service of the catalog (payments, checkout, search, inventory), not 'billing'");
    assertThat(refusal("?maxResults=101"))
        .isEqualTo("'maxResults' must be a whole number from 1 to 100, not '101'");
    assertThat(refusal("?maxResults=0"))
        .isEqualTo("'maxResults' must be a whole number from 1 to 100, not '0'");
    assertThat(refusal("?firstResult=-1"))
        .isEqualTo("'firstResult' must be a whole number from 0 up, not '-1'");
    assertThat(output.getAll().substring(logMark))
        .as("refusals are no server errors")
        .doesNotContain(" ERROR ");
    assertThat(rest.getForEntity("/api/releases", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theWebappSessionReadsTheBoardAndChangesNothing() throws Exception {
    request("payments", "5.1.0", 10);
    api.waitForTask("payments@5.1.0", Elements.TASK_PLAN_RELEASE);
    String base = "http://localhost:" + port;

    // a release viewer logged in to Cockpit reads the board with that session
    var viewer = TasklistSession.loginTo("cockpit", base, "mona", "mona");
    var read = viewer.call("GET", "/api/releases", null);
    assertThat(read.statusCode()).isEqualTo(200);
    Map<String, Object> board = new ObjectMapper().readValue(read.body(), Map.class);
    assertThat(keys(board)).containsExactly("payments@5.1.0");

    // a developer logged in to Tasklist has no task in it: sees nothing
    var developer = TasklistSession.login(base, "devon", "devon");
    assertThat(
            keys(
                new ObjectMapper()
                    .readValue(developer.call("GET", "/api/releases", null).body(), Map.class)))
        .isEmpty();

    // the session does not change anything through the API, not even with the webapps' CSRF token
    var manager = TasklistSession.login(base, "rita", "rita");
    var cancel =
        manager.call("POST", "/api/releases/payments@5.1.0/cancel", "{\"reason\": \"by session\"}");
    assertThat(cancel.statusCode()).isEqualTo(401);
    var request =
        manager.call("POST", "/api/releases", "{\"service\": \"search\", \"version\": \"5.1.0\"}");
    assertThat(request.statusCode()).isEqualTo(401);
    assertThat(
            runtimeService
                .createProcessInstanceQuery()
                .processInstanceBusinessKey("payments@5.1.0")
                .count())
        .isEqualTo(1);
    assertThat(
            runtimeService
                .createProcessInstanceQuery()
                .processInstanceBusinessKey("search@5.1.0")
                .count())
        .isZero();

    // without a login the page asks for one in words, and the browser is not made to pop up its own
    // dialog
    var anonymous =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/api/releases"))
                    .header("X-Requested-With", "XMLHttpRequest")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(anonymous.body()).contains("Log in to Tasklist or Cockpit first");

    // the page itself: its own script only
    var page = rest.getForEntity("/board/", String.class);
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getBody()).contains("<script type=\"module\" src=\"board.js\"></script>");
    assertThat(page.getHeaders().getFirst("Content-Security-Policy"))
        .startsWith("default-src 'self';");
  }

  /** Rita requests the release, its target date so many days ahead. */
  private void request(String service, String version, int daysAhead) {
    var release = ApiClient.releaseRequest(service, version, "Board");
    release.put(TARGET_DATE.getName(), LocalDate.now().plusDays(daysAhead).toString());
    api.request(release);
  }

  private Map<String, Object> board(String user, String query) {
    var answer = api.call(user, HttpMethod.GET, "/api/releases" + query, null);
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }

  private String refusal(String query) {
    var answer = api.call("rita", HttpMethod.GET, "/api/releases" + query, null);
    assertThat(answer.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
    return (String) answer.getBody().get("detail");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> releases(Map<String, Object> board) {
    return (List<Map<String, Object>>) board.get("releases");
  }

  private static List<Object> keys(Map<String, Object> board) {
    return releases(board).stream().map(release -> release.get("releaseKey")).toList();
  }

  private ResponseEntity<Map<String, Object>> call(String user, String path, Object body) {
    return api.call(user, HttpMethod.POST, path, body);
  }
}
