package io.releasedesk.browser;

import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.release.ReleaseProcess.Elements;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release board in a real (headless) browser: a release manager opens it from Tasklist's header with her Tasklist
 * login, sees releases in several phases and a cancelled one sorted by target date, filters them, opens a timeline and
 * follows a row's links to the task in Tasklist and the instance in Cockpit; a release viewer opens it from Cockpit.
 *
 * <p>Skipped without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}. Screenshots go to
 * {@code target/browser-tests/}: the board on every run ({@code release-board.png}), the page of a failed test.
 */
@BrowserTest
class ReleaseBoardBrowserTest extends BrowserTestSupport {

  @BeforeEach
  void givenReleasesInSeveralPhases() {
    // checkout waits for the teams, payments and search for their plan, inventory was cancelled
    request("payments", "6.0.0", 10);
    request("checkout", "6.0.0", 3);
    request("search", "6.0.0", 20);
    request("inventory", "6.0.0", 5);
    api()
        .work(
            "checkout@6.0.0",
            "rita",
            Elements.TASK_PLAN_RELEASE,
            Map.of(CHANGE_SIZE.getName(), "small"));
    taskOf("checkout@6.0.0", Elements.TASK_CONFIRM_DEVELOPMENT_READINESS);
    taskOf("payments@6.0.0", Elements.TASK_PLAN_RELEASE);
    taskOf("search@6.0.0", Elements.TASK_PLAN_RELEASE);
    taskOf("inventory@6.0.0", Elements.TASK_PLAN_RELEASE);
    cancel("inventory@6.0.0", "Supplier not ready");
  }

  @Test
  void releaseManagerSeesEveryReleaseFiltersThemAndFollowsTheLinks() {
    // when: Rita logs in to Tasklist and follows "Releases" in its header
    BoardPage board = open(BoardPage::open);
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
    board.filter("Phase", "Planning");
    assertThat(board.releaseKeys()).containsExactly("payments@6.0.0", "search@6.0.0");
    assertThat(board.currentUrl()).endsWith("/board/?phase=Planning");
    board.filter("Phase", "all");
    board.filter("Outcome", "cancelled");
    assertThat(board.releaseKeys()).containsExactly("inventory@6.0.0");
    board.filter("Outcome", "all");
    board.filter("Service", "search");
    assertThat(board.releaseKeys()).containsExactly("search@6.0.0");
    board.filter("Service", "all");
    assertThat(board.releaseKeys()).hasSize(4);

    // the timeline: the board asks for the release's timeline and shows it ("No timeline yet" where
    // there is none)
    assertThat(board.timeline("checkout@6.0.0")).isNotBlank().doesNotContain("Loading");
    assertThat(board.fetched())
        .anyMatch(address -> address.endsWith("/api/releases/checkout%406.0.0/timeline"));

    // the links: the open task in Tasklist, the instance in Cockpit
    String checkout = runningRelease("checkout@6.0.0");
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
    BoardPage board = open(BoardPage::openCockpit);
    board.logInAndOpenFromCockpit("mona", "mona");
    assertThat(board.releaseKeys())
        .containsExactly("checkout@6.0.0", "inventory@6.0.0", "payments@6.0.0", "search@6.0.0");
  }

  /** Rita requests the service's version 6.0.0, internal, due so many days ahead. */
  private void request(String service, String version, int daysAhead) {
    request(service, version, "Board", LocalDate.now().plusDays(daysAhead), false);
  }
}
