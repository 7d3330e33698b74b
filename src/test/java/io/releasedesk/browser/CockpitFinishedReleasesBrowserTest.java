package io.releasedesk.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
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
 * A manager looks up a finished release in Camunda Cockpit, in a real (headless) browser: Cockpit Community Edition
 * shows running process instances only, and Release Desk's Cockpit plugin (a "Finished instances" tab on the process
 * definition page, scripts/finished-instances.js, wired in Cockpit's config.js) shows the finished ones and their
 * history. Without the plugin the tab is missing and this test fails.
 *
 * <p>Skipped without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}. Screenshots go to
 * {@code target/browser-tests/}: the expanded release on every run, the page of a failed test.
 */
@BrowserTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class CockpitFinishedReleasesBrowserTest {

  static final Path SCREENSHOTS = Path.of("target", "browser-tests");

  /** A release viewer: reads releases and their history in Cockpit, changes nothing. */
  static final String MANAGER = "mona";

  static final String FINISHED = "inventory@7.3.0";
  static final String RUNNING = "inventory@7.4.0";

  /** Markup in user input must reach the page as text. */
  static final String REASON = "Supplier API <b>not</b> ready; the scope moves to 7.4.0";

  @Autowired RuntimeService runtimeService;
  @Autowired HistoryService historyService;
  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  Cockpit cockpit;

  /** Keeps the page of a failed test, which usually explains more than the assertion message. */
  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      context -> {
        if (context.getExecutionException().isPresent() && cockpit != null) {
          cockpit.screenshot(
              SCREENSHOTS.resolve("failed-" + context.getRequiredTestMethod().getName() + ".png"));
        }
      };

  /** See {@link TasklistBrowserTest#noEngineConfigurationOnTheClasspath()}: the webapps would get another engine. */
  @BeforeAll
  static void noEngineConfigurationOnTheClasspath() {
    assertThat(
            CockpitFinishedReleasesBrowserTest.class
                .getClassLoader()
                .getResource("camunda.cfg.xml"))
        .isNull();
  }

  @BeforeEach
  void openCockpit() {
    cockpit = Cockpit.open("http://localhost:" + port);
  }

  @AfterEach
  void closeCockpitAndForgetReleases() {
    if (cockpit != null) {
      cockpit.close();
    }
    for (String key : List.of(FINISHED, RUNNING)) {
      runtimeService
          .createProcessInstanceQuery()
          .processInstanceBusinessKey(key)
          .list()
          .forEach(
              release ->
                  runtimeService.deleteProcessInstance(release.getId(), "test over", true, true));
      historyService
          .createHistoricProcessInstanceQuery()
          .processInstanceBusinessKey(key)
          .list()
          .forEach(release -> historyService.deleteHistoricProcessInstance(release.getId()));
    }
  }

  @Test
  void managerSeesFinishedReleaseAndItsHistoryInCockpit() {
    // given: Rita requested inventory 7.3.0 and cancelled it (through Release Desk's API, as she
    // would); 7.4.0 runs
    request(FINISHED);
    cancel(FINISHED, REASON);
    request(RUNNING);
    HistoricProcessInstance finished =
        historyService
            .createHistoricProcessInstanceQuery()
            .processInstanceBusinessKey(FINISHED)
            .singleResult();
    assertThat(finished.getEndTime()).as("the cancelled release has ended").isNotNull();

    // when: Mona opens the Release process in Cockpit and its "Finished instances" tab
    cockpit.logIn(MANAGER, MANAGER);
    cockpit.openProcess("Release");
    assertThat(cockpit.tabs()).contains("Process Instances", "Finished instances");
    cockpit.openTab("Finished instances");

    // then: the cancelled release is listed, with how it ended and who requested it; the running
    // one is not
    assertThat(cockpit.finishedInstances()).contains(FINISHED).doesNotContain(RUNNING);
    assertThat(cockpit.finishedInstance(FINISHED))
        .startsWith(FINISHED)
        .contains("Release cancelled", "rita");

    // when: she expands it
    cockpit.expand(FINISHED);
    cockpit.maximizeTabs();
    cockpit.screenshot(SCREENSHOTS.resolve("cockpit-finished-releases.png"));

    // then: its history: the planning task was cancelled by the cancellation, which was recorded
    // ...
    List<List<String>> activities = cockpit.history(FINISHED, "rd-activities");
    assertThat(activities)
        .extracting(row -> row.get(0))
        .as("activities in the order they ran")
        .containsSubsequence(
            "Release requested",
            "Plan release",
            "Cancellation requested",
            "Record cancellation",
            "Release cancelled");
    assertThat(activities)
        .filteredOn(row -> row.get(0).equals("Plan release"))
        .singleElement()
        .satisfies(row -> assertThat(row).contains("user task", "canceled"));
    assertThat(activities)
        .filteredOn(row -> row.get(0).equals("Record cancellation"))
        .singleElement()
        .satisfies(row -> assertThat(row).doesNotContain("canceled"));

    // ... and its variables, the reason exactly as Rita typed it (markup shown as text, not
    // interpreted)
    assertThat(cockpit.history(FINISHED, "rd-variables"))
        .contains(
            List.of("cancellationReason", "String", REASON),
            List.of("cancelledBy", "String", "rita"),
            List.of("service", "String", "inventory"),
            List.of("version", "String", "7.3.0"));
  }

  private void request(String releaseKey) {
    String[] serviceAndVersion = releaseKey.split("@");
    var started =
        new ApiClient(rest)
            .call(
                "rita",
                HttpMethod.POST,
                "/api/releases",
                Map.of(
                    "service",
                    serviceAndVersion[0],
                    "version",
                    serviceAndVersion[1],
                    "targetDate",
                    LocalDate.now().plusWeeks(2).toString(),
                    "releaseType",
                    "regular",
                    "scopeSummary",
                    "Stock reservations for marketplace orders",
                    "hasDatabaseMigrations",
                    false,
                    "customerFacing",
                    false));
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    // the version is proposed from the repository in the background; then the release waits for its
    // plan
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                runtimeService
                        .createExecutionQuery()
                        .processInstanceBusinessKey(releaseKey)
                        .activityId(ReleaseProcess.Elements.TASK_PLAN_RELEASE)
                        .count()
                    == 1);
  }

  private void cancel(String releaseKey, String reason) {
    assertThat(
            new ApiClient(rest)
                .call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases/" + releaseKey + "/cancel",
                    Map.of("reason", reason))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }
}
