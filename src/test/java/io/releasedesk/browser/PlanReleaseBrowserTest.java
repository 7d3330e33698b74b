package io.releasedesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess.Elements;
import java.time.LocalDate;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * The release manager's planning form in Tasklist, in headless Chromium: the version the service's commits propose,
 * the last release, and the commits that decided it, read from the demo repository of the service.
 */
@BrowserTest
class PlanReleaseBrowserTest extends BrowserTestSupport {

  @Test
  void theReleaseManagerPlansWithTheVersionTheCommitsPropose() {
    // given: payments is requested; its repository has a feature, a fix and docs since its release
    // v2.3.0
    String release =
        request("payments", "2.4.0", "CSV export for finance", LocalDate.now().plusWeeks(2), true);
    Task plan = taskOf(release, Elements.TASK_PLAN_RELEASE);

    // when: Rita opens the plan among her group's tasks
    Tasklist tasklist = tasklistAs("rita");
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);
    tasklist.openTask(plan.getId());

    // then: the form shows the proposal, the last release and the commit that decided it (a
    // feature: minor)
    assertThat(tasklist.formHeading()).isEqualTo("Plan payments 2.4.0");
    assertThat(tasklist.formText())
        .contains(
            "The commits propose version 2.4.0",
            "Last release 2.3.0 (tag v2.3.0); 3 commits since",
            "A minor version, because of:",
            "feat: export as CSV (PAY-117)")
        .doesNotContain("No commits since the last release");
    tasklist.showTaskFromTop();
    tasklist.screenshot(SCREENSHOTS.resolve("tasklist-plan-release.png"));
  }
}
