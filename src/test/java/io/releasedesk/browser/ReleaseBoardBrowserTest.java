package io.releasedesk.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.Cleanup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

/**
 * The release board in a real (headless) browser: a release manager opens it from Tasklist's header with her Tasklist
 * login, sees releases in several phases and a cancelled one sorted by target date, filters them, opens a timeline and
 * follows a row's links to the task in Tasklist and the instance in Cockpit; a release viewer opens it from Cockpit.
 *
 * <p>Skipped without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}. Screenshots go to
 * {@code target/browser-tests/}: the board on every run ({@code release-board.png}), the page of a failed test.
 */
@BrowserTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ReleaseBoardBrowserTest {

  static final Path SCREENSHOTS = Path.of("target", "browser-tests");

  @Autowired RuntimeService runtimeService;
  @Autowired HistoryService historyService;
  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  BoardPage board;

  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      context -> {
        if (context.getExecutionException().isPresent() && board != null) {
          board.screenshot(
              SCREENSHOTS.resolve("failed-" + context.getRequiredTestMethod().getName() + ".png"));
        }
      };

  /** See {@link TasklistBrowserTest#noEngineConfigurationOnTheClasspath()}: the webapps would get another engine. */
  @BeforeAll
  static void noEngineConfigurationOnTheClasspath() {
    assertThat(ReleaseBoardBrowserTest.class.getClassLoader().getResource("camunda.cfg.xml"))
        .isNull();
  }

  @BeforeEach
  void givenReleasesInSeveralPhases() {
    // checkout waits for the teams, payments and search for their plan, inventory was cancelled
    request("payments", "6.0.0", 10);
    request("checkout", "6.0.0", 3);
    request("search", "6.0.0", 20);
    request("inventory", "6.0.0", 5);
    work(
        "rita",
        "checkout@6.0.0",
        ReleaseProcess.Elements.TASK_PLAN_RELEASE,
        Map.of("changeSize", "small"));
    waitForTask("checkout@6.0.0", ReleaseProcess.Elements.TASK_CONFIRM_DEVELOPMENT_READINESS);
    waitForTask("payments@6.0.0", ReleaseProcess.Elements.TASK_PLAN_RELEASE);
    waitForTask("search@6.0.0", ReleaseProcess.Elements.TASK_PLAN_RELEASE);
    waitForTask("inventory@6.0.0", ReleaseProcess.Elements.TASK_PLAN_RELEASE);
    assertThat(
            api()
                .call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases/inventory@6.0.0/cancel",
                    Map.of("reason", "Supplier not ready"))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  @AfterEach
  void closeBrowserAndForgetReleases() {
    if (board != null) {
      board.close();
    }
    Cleanup.forgetReleases(runtimeService);
    historyService
        .createHistoricProcessInstanceQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .listPage(0, 1000)
        .forEach(release -> historyService.deleteHistoricProcessInstanceIfExists(release.getId()));
  }

  @Test
  void releaseManagerSeesEveryReleaseFiltersThemAndFollowsTheLinks() {
    // when: Rita logs in to Tasklist and follows "Releases" in its header
    board = BoardPage.open("http://localhost:" + port);
    board.logInAndOpenFromTasklist("rita", "rita");

    // then: every release, the nearest target date first, each with its phase or outcome and whom
    // it waits for
    assertThat(board.currentUrl()).endsWith("/board/");
    assertThat(board.releaseKeys())
        .containsExactly("checkout@6.0.0", "inventory@6.0.0", "payments@6.0.0", "search@6.0.0");
    assertThat(board.cells("checkout@6.0.0"))
        .satisfies(
            cells -> {
              assertThat(cells.get(0)).isEqualTo("checkout@6.0.0");
              assertThat(cells.get(1)).isEqualTo("Coordination");
              assertThat(cells.get(2))
                  .contains(
                      "Confirm development readiness · developers",
                      "Confirm QA readiness · qa",
                      "Confirm operations readiness · operations");
              assertThat(cells.get(3)).isEqualTo(LocalDate.now().plusDays(3).toString());
              assertThat(cells.get(6)).isEqualTo("in progress");
            });
    assertThat(board.cells("inventory@6.0.0").get(1)).isEqualTo("—");
    assertThat(board.cells("inventory@6.0.0").get(6)).startsWith("cancelled");
    assertThat(board.cells("payments@6.0.0").get(1)).isEqualTo("Planning");
    assertThat(board.cells("payments@6.0.0").get(2))
        .startsWith("Plan release · release-managers · due ");
    assertThat(board.count()).isEqualTo("1–4 of 4");
    board.screenshot(SCREENSHOTS.resolve("release-board.png"));

    // filters: by phase, by outcome, by service, and back to all
    board.filter("phase", "Planning");
    assertThat(board.releaseKeys()).containsExactly("payments@6.0.0", "search@6.0.0");
    assertThat(board.currentUrl()).endsWith("/board/?phase=Planning");
    board.filter("phase", "all");
    board.filter("outcome", "cancelled");
    assertThat(board.releaseKeys()).containsExactly("inventory@6.0.0");
    board.filter("outcome", "all");
    board.filter("service", "search");
    assertThat(board.releaseKeys()).containsExactly("search@6.0.0");
    board.filter("service", "all");
    assertThat(board.releaseKeys()).hasSize(4);

    // the timeline: the board asks for the release's timeline and shows it ("No timeline yet" where
    // there is none)
    assertThat(board.timeline("checkout@6.0.0")).isNotBlank().doesNotContain("Loading");
    assertThat(board.fetched())
        .anyMatch(address -> address.endsWith("/api/releases/checkout%406.0.0/timeline"));

    // the links: the open task in Tasklist, the instance in Cockpit
    String checkout =
        runtimeService
            .createProcessInstanceQuery()
            .processInstanceBusinessKey("checkout@6.0.0")
            .singleResult()
            .getId();
    assertThat(board.link("checkout@6.0.0", "rd-cockpit"))
        .endsWith("/camunda/app/cockpit/default/#/process-instance/" + checkout);
    assertThat(board.link("checkout@6.0.0", "rd-open-task"))
        .contains("/camunda/app/tasklist/default/#/?task=");
    assertThat(board.openTaskInTasklist("checkout@6.0.0"))
        .isEqualTo("Confirm development readiness");
    board.reopen();
    board.openInCockpit("checkout@6.0.0");
  }

  @Test
  void releaseViewerOpensTheBoardFromCockpit() {
    board = BoardPage.openCockpit("http://localhost:" + port);
    board.logInAndOpenFromCockpit("mona", "mona");
    assertThat(board.releaseKeys())
        .containsExactly("checkout@6.0.0", "inventory@6.0.0", "payments@6.0.0", "search@6.0.0");
  }

  private void request(String service, String version, int daysAhead) {
    var started =
        api()
            .call(
                "rita",
                HttpMethod.POST,
                "/api/releases",
                Map.of(
                    "service",
                    service,
                    "version",
                    version,
                    "targetDate",
                    LocalDate.now().plusDays(daysAhead).toString(),
                    "releaseType",
                    "regular",
                    "scopeSummary",
                    "Board",
                    "hasDatabaseMigrations",
                    false,
                    "customerFacing",
                    false));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.CREATED);
  }

  private void work(String user, String releaseKey, String taskKey, Map<String, Object> values) {
    String taskId = waitForTask(releaseKey, taskKey);
    assertThat(
            api()
                .call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/claim",
                    Map.of("userId", user))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(
            api()
                .call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/submit-form",
                    Map.of("variables", ApiClient.variables(values)))
                .getStatusCode())
        .isIn(HttpStatus.OK, HttpStatus.NO_CONTENT);
  }

  /** Waits until the job executor has moved the release on to an open task of this kind (after Propose version). */
  private String waitForTask(String releaseKey, String taskKey) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var tasks =
                  api()
                      .list(
                          "admin",
                          "/engine-rest/task?maxResults=10&taskDefinitionKey="
                              + taskKey
                              + "&processInstanceBusinessKey="
                              + releaseKey);
              return tasks == null || tasks.isEmpty() ? null : (String) tasks.get(0).get("id");
            },
            id -> id != null);
  }

  private ApiClient api() {
    return new ApiClient(rest);
  }
}
