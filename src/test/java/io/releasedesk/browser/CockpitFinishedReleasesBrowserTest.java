package io.releasedesk.browser;

import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLATION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.release.ReleaseProcess;
import java.time.LocalDate;
import java.util.List;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.Test;

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
class CockpitFinishedReleasesBrowserTest extends BrowserTestSupport {

  /** A release viewer: reads releases and their history in Cockpit, changes nothing. */
  static final String MANAGER = "mona";

  static final String FINISHED = "inventory@7.3.0";
  static final String RUNNING = "inventory@7.4.0";

  /** Markup in user input must reach the page as text. */
  static final String REASON = "Supplier API <b>not</b> ready; the scope moves to 7.4.0";

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
    Cockpit cockpit = cockpitAs(MANAGER);
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
            List.of(CANCELLATION_REASON.getName(), "String", REASON),
            List.of(CANCELLED_BY.getName(), "String", REQUESTER),
            List.of(SERVICE.getName(), "String", "inventory"),
            List.of(VERSION.getName(), "String", "7.3.0"));
  }

  /** Rita requests the release, internal and due in two weeks; it waits for its plan. */
  private void request(String releaseKey) {
    String[] serviceAndVersion = releaseKey.split("@");
    request(
        serviceAndVersion[0],
        serviceAndVersion[1],
        "Stock reservations for marketplace orders",
        LocalDate.now().plusWeeks(2),
        false);
    taskOf(releaseKey, ReleaseProcess.Elements.TASK_PLAN_RELEASE);
  }
}
