package io.releasedesk.browser;

import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess.Elements;
import java.time.LocalDate;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/** Tasklist's Release tab, in headless Chromium: a developer opens their task and reads its release so far. */
@BrowserTest
class TasklistReleaseTimelineBrowserTest extends BrowserTestSupport {

  @Test
  void theReleaseTabTellsTheTasksReleaseInWords() {
    // given: Rita requested and planned payments 2.4.0; the teams are asked whether they are ready
    LocalDate target = LocalDate.now().plusDays(10);
    String release = request("payments", "2.4.0", "New checkout flow", target, false);
    api().work(release, "rita", Elements.TASK_PLAN_RELEASE, Map.of(CHANGE_SIZE.getName(), "small"));
    Task readiness = taskOf(release, Elements.TASK_CONFIRM_DEVELOPMENT_READINESS);

    // when: Devon opens his task in Tasklist and its Release tab
    Tasklist tasklist = tasklistAs("devon");
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);
    tasklist.openTask(readiness.getId());
    tasklist.openTaskTab("Release");
    String timeline = tasklist.taskTabText(".rd-timeline");

    // then: the release so far, in words and in order, with who did what
    assertThat(timeline)
        .contains(
            "payments@2.4.0",
            "Requested payments 2.4.0 (regular, target date " + target + "): New checkout flow",
            "— rita",
            "The repository proposed version",
            "Planned version 2.4.0 for " + target + ", a small change",
            "Waiting for Confirm development readiness");
    assertThat(timeline.indexOf("Requested")).isLessThan(timeline.indexOf("Planned"));
    assertThat(timeline.indexOf("Planned"))
        .isLessThan(timeline.indexOf("Waiting for Confirm development"));
    assertThat(timeline).doesNotContain("Gateway", "multiInstance", "nrOf", "loopCounter");
    tasklist.showTaskFromTop();
    tasklist.screenshot(SCREENSHOTS.resolve("tasklist-release-timeline.png"));
  }
}
