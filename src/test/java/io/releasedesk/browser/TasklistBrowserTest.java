package io.releasedesk.browser;

import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcess.Groups;
import java.time.Duration;
import org.awaitility.core.ThrowingRunnable;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.StaleElementReferenceException;

/**
 * The QA engineer's day in Camunda Tasklist, in a real (headless) browser against the running application: the demo
 * people, the Tasklist filters and the Camunda Forms exactly as deployed.
 *
 * <p>Skipped without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}. Screenshots go to
 * {@code target/browser-tests/}: the filled form on every run (docs/images/ has a copy), the page of a failed test.
 */
@BrowserTest
class TasklistBrowserTest extends BrowserTestSupport {

  static final String QA_USER = "quinn";

  /** What the releases of these tests bring. */
  static final String SCOPE = "Refund API v2 and the new settlement report";

  @Test
  void qaEngineerPassesReleaseCandidateInTasklistAndReleaseGoesToApproval() {
    // given: payments 2.4.0, medium risk, its first candidate on staging waiting for QA
    ProcessInstance release = releaseWaitingForVerification("payments", "2.4.0");
    Task verify = taskOf(release.getBusinessKey(), Elements.TASK_VERIFY_RELEASE_CANDIDATE);

    // when: Quinn finds it among the tasks of the QA group and opens it
    Tasklist tasklist = tasklistAs(QA_USER);
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);
    assertThat(tasklist.taskCard(verify.getId()))
        .contains("Verify release candidate", "payments", "2.4.0");
    tasklist.openTask(verify.getId());

    // then: the form tells Quinn what to verify, from the release's variables (form-js templating
    // and FEEL)
    assertThat(tasklist.taskTitle()).isEqualTo("Verify release candidate");
    assertThat(tasklist.formHeading()).isEqualTo("Verify payments 2.4.0-rc.1");
    assertThat(tasklist.formText())
        .contains("Candidate 1 of version 2.4.0 runs on staging. Risk medium: database migrations.")
        .contains("Database migrations: yes · Customer-facing: no")
        .contains("Refund API v2 and the new settlement report")
        // a first candidate has no fixes, and staging reported nothing: those texts are hidden
        .doesNotContain("Fixed since the last candidate", "Staging health");

    // when: Quinn claims the task
    tasklist.claim();

    // then: it stays among the group's tasks, showing that Quinn has it, and is among Quinn's own
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);
    eventually(() -> assertThat(tasklist.taskNames()).containsExactly("Verify release candidate"));
    assertThat(tasklist.taskCard(verify.getId())).contains("Quinn");
    tasklist.showFilter(TasklistFilters.MY_TASKS);
    eventually(() -> assertThat(tasklist.taskNames()).containsExactly("Verify release candidate"));

    // when: Quinn opens it there, records a pass with two minor defects, and completes it
    tasklist.openTask(verify.getId());
    tasklist.choose("Passed: ready for approval");
    tasklist.fill("Defects found", "2");
    tasklist.fill(
        "Test summary",
        "Regression suite green; refund API v2 tested end to end on staging.\n"
            + "Two cosmetic defects in the settlement report, logged as known issues.");
    assertThat(tasklist.valueOf("Defects found")).isEqualTo("2");
    tasklist.showTaskFromTop();
    tasklist.screenshot(SCREENSHOTS.resolve("tasklist-verify-release-candidate.png"));
    tasklist.complete();

    // then: Tasklist closes the task, and Quinn has no task left ...
    assertThat(tasklist.noTaskMessage()).isEqualTo("Select a task in the list.");
    eventually(() -> assertThat(tasklist.taskNames()).isEmpty());
    eventually(() -> assertThat(tasklist.selectedFilterCount()).isZero());

    // ... the engine has it completed by Quinn, with the results the form submitted ...
    assertThat(taskService.createTaskQuery().taskId(verify.getId()).count()).isZero();
    var completed =
        historyService.createHistoricTaskInstanceQuery().taskId(verify.getId()).singleResult();
    assertThat(completed.getAssignee()).isEqualTo(QA_USER);
    assertThat(completed.getDeleteReason()).isEqualTo("completed");
    assertThat(QA_RESULT.from(runtimeService, release.getId()).get()).isEqualTo("pass");
    assertThat(TEST_SUMMARY.from(runtimeService, release.getId()).get())
        .startsWith("Regression suite green")
        .contains("\nTwo cosmetic defects");
    // read untyped: Tasklist stores the form's whole number as an Integer, DEFECTS_FOUND declares a
    // Long
    Number defectsFound =
        (Number) runtimeService.getVariable(release.getId(), DEFECTS_FOUND.getName());
    assertThat(defectsFound.longValue()).isEqualTo(2L);

    // ... and, once the job executor has run the continuation after the task, a release manager is
    // to approve
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(taskService.createTaskQuery().processInstanceId(release.getId()).list())
                    .extracting(Task::getTaskDefinitionKey)
                    .containsExactly(Elements.TASK_APPROVE_AS_RELEASE_MANAGER));
    assertThat(
            taskService
                .createTaskQuery()
                .processInstanceId(release.getId())
                .taskCandidateGroup(Groups.RELEASE_MANAGERS)
                .count())
        .isOne();
  }

  @Test
  void qaEngineerSeesOnlyQaTasksAmongMyGroupsTasks() {
    // given: one release waiting for a release manager to plan it, another for QA to verify its
    // candidate
    ProcessInstance toPlan = releaseWaitingForPlanning("checkout", "1.8.0");
    ProcessInstance toVerify = releaseWaitingForVerification("payments", "2.4.0");
    assertThat(
            taskService
                .createTaskQuery()
                .processInstanceId(toPlan.getId())
                .taskDefinitionKey(Elements.TASK_PLAN_RELEASE)
                .taskCandidateGroup(Groups.RELEASE_MANAGERS)
                .count())
        .isOne();
    Task verify = taskOf(toVerify.getBusinessKey(), Elements.TASK_VERIFY_RELEASE_CANDIDATE);

    // when: Quinn looks at the tasks of their groups
    Tasklist tasklist = tasklistAs(QA_USER);
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);

    // then: only the QA task is listed, not the release manager's
    eventually(() -> assertThat(tasklist.taskNames()).containsExactly("Verify release candidate"));
    assertThat(tasklist.taskCard(verify.getId())).contains("payments", "2.4.0");
    eventually(() -> assertThat(tasklist.selectedFilterCount()).isOne());
    // and the release managers' list of every open release is not even offered to QA
    assertThat(tasklist.filterNames())
        .noneMatch(name -> name.startsWith(TasklistFilters.ALL_OPEN_RELEASES))
        .anyMatch(name -> name.startsWith(TasklistFilters.APPROVALS_WAITING));
  }

  /** Tasklist updates its lists and counters a moment after the action that changed them. */
  private static void eventually(ThrowingRunnable assertion) {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
        .untilAsserted(assertion);
  }

  /** A release requested by Rita, waiting for a release manager to plan it. */
  private ProcessInstance releaseWaitingForPlanning(String service, String version) {
    return startAt(
        Elements.TASK_PLAN_RELEASE,
        requested(service, version, SCOPE)
            .set(HAS_DATABASE_MIGRATIONS, true)
            .set(CUSTOMER_FACING, false));
  }

  /**
   * A release planned as medium risk, its first candidate (the head of the service's demo repository) on staging,
   * waiting for QA to verify it.
   */
  private ProcessInstance releaseWaitingForVerification(String service, String version) {
    return startAt(
        Elements.TASK_VERIFY_RELEASE_CANDIDATE,
        candidate(service, version, SCOPE, "medium", "release-manager")
            .set(HAS_DATABASE_MIGRATIONS, true)
            .set(CUSTOMER_FACING, false)
            .set(CHANGE_SIZE, "medium")
            .set(RISK_REASON, "database migrations"));
  }
}
