package io.releasedesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.release.ReleaseProcess;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Cockpit in headless Chromium as a release viewer meets it: the Release process and a running release with its
 * variables, without a button that would change them (edit or delete a variable, add one, cancel or suspend the
 * release, suspend the process), since the engine would refuse each; an administrator still has them. Cockpit's
 * process page loads without a refused request. Takes the README's screenshot of a running release
 * ({@code target/browser-tests/cockpit-release.png}, without Camunda's migration banner).
 *
 * <p>Skipped without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}.
 */
@BrowserTest
class CockpitViewerBrowserTest extends BrowserTestSupport {

  static final String RELEASE = "payments@2.4.0";

  @Test
  void aViewerSeesTheReleaseWithoutButtonsThatWouldChangeIt() {
    // given: Rita requested payments 2.4.0, which waits for its plan
    String release = request(RELEASE);

    // when: Mona, a release viewer, opens the Release process
    Cockpit cockpit = open(Cockpit::open);
    cockpit.recordFailedRequests();
    cockpit.logIn("mona", "mona");
    cockpit.openProcess("Release");
    cockpit.waitForProcessInstances();

    // then: the page loaded without a refused request (its versions list was once refused as
    // unbound) and offers
    // her no suspension of the process
    assertThat(cockpit.failedRequests())
        .as("requests the server refused")
        .noneMatch(failed -> failed.contains("/engine/"));
    assertThat(cockpit.changeActionsShown()).isEmpty();

    // when: she opens the release
    cockpit.openProcessInstance(release);

    // then: its variables are shown, with nothing that would change them or the release
    assertThat(cockpit.changeActionsShown()).isEmpty();
    assertThat(cockpit.failedRequests()).noneMatch(failed -> failed.contains("/engine/"));
    cockpit.screenshot(SCREENSHOTS.resolve("cockpit-release.png"));
  }

  @Test
  void anAdministratorStillHasTheButtons() {
    String release = request(RELEASE);

    Cockpit cockpit = open(Cockpit::open);
    cockpit.recordFailedRequests();
    cockpit.logIn("admin", "admin");
    cockpit.openProcessInstance(release);

    assertThat(cockpit.failedRequests()).noneMatch(failed -> failed.contains("/engine/"));
    assertThat(cockpit.changeActionsShown())
        .contains(
            "Edit the variable",
            "Delete the variable",
            "Add a new variable to Process Instance",
            "Delete running process instance",
            "Suspend Process Instance");
  }

  /** Rita requests the release, customer-facing and due in two weeks; it waits for its plan. Its id. */
  private String request(String releaseKey) {
    String[] serviceAndVersion = releaseKey.split("@");
    request(
        serviceAndVersion[0],
        serviceAndVersion[1],
        "CSV export for finance",
        LocalDate.now().plusWeeks(2),
        true);
    return taskOf(releaseKey, ReleaseProcess.Elements.TASK_PLAN_RELEASE).getProcessInstanceId();
  }
}
