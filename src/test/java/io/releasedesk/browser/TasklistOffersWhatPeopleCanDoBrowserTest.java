package io.releasedesk.browser;

import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.approval.FourEyesApproval;
import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcess.Groups;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Tasklist in headless Chromium offers people what they can do and tells them what they need: task cards with the
 * release's target date and risk, a claimed task still listed, no "Create task" for people who may not create tasks,
 * the CAB's second approval not offered to the member who gave the first, a refusal that leaves the Complete button
 * usable, and a start that names the release and its next step.
 *
 * <p>Skipped without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}.
 */
@BrowserTest
class TasklistOffersWhatPeopleCanDoBrowserTest extends BrowserTestSupport {

  @Autowired IdentityService identityService;

  @Test
  void cardsShowTargetDateAndRiskAndAClaimedTaskStaysListed() {
    // given: payments 9.5.0, at medium risk, waits for a release manager's approval
    LocalDate target = LocalDate.now().plusWeeks(2);
    waitingForApproval("medium", "release-manager", target);
    Task approval = taskOf("payments@9.5.0", Elements.TASK_APPROVE_AS_RELEASE_MANAGER);

    // when: Paula looks at her groups' tasks
    Tasklist tasklist = tasklistAs("paula");
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);

    // then: the card says which release, when it should ship and how risky it is, and no bare
    // priority number
    assertThat(tasklist.taskCard(approval.getId()))
        .contains("payments", "9.5.0", "Target date", target.toString(), "Risk", "medium");
    assertThat(tasklist.cardShowsPriority(approval.getId())).isFalse();
    // ... and she is not offered to create tasks of her own, which the engine would refuse her
    assertThat(tasklist.offersCreateTask()).isFalse();

    // when: she claims the approval and looks at her groups' tasks again
    tasklist.openTask(approval.getId());
    tasklist.claim();
    tasklist.showFilter(TasklistFilters.MY_TASKS);
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);

    // then: it is still listed there
    assertThat(tasklist.taskIds()).contains(approval.getId());
  }

  @Test
  void anAdministratorMayCreateTasks() {
    Tasklist tasklist = tasklistAs("admin");

    assertThat(tasklist.offersCreateTask()).isTrue();
  }

  @Test
  void theCabMemberWhoApprovedIsNotOfferedTheSecondApproval() {
    // given: payments 9.5.0, high risk, waits for two CAB approvals; Carol gives the first
    waitingForApproval("high", "cab", LocalDate.now().plusWeeks(2));
    List<Task> approvals = cabApprovals("payments@9.5.0");
    approveAs("carol", approvals.get(0));
    String second = approvals.get(1).getId();

    // when: Carol looks at the approvals waiting and her groups' tasks
    Tasklist tasklist = tasklistAs("carol");
    tasklist.showFilter(TasklistFilters.APPROVALS_WAITING);
    List<String> approvalsWaiting = tasklist.taskIds();
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);

    // then: the second approval, which she may not give, is offered to her in neither
    assertThat(approvalsWaiting).doesNotContain(second);
    assertThat(tasklist.taskIds()).doesNotContain(second);
    tasklist.close();

    // when: Chris, the other CAB member, looks
    tasklist = tasklistAs("chris");
    tasklist.showFilter(TasklistFilters.APPROVALS_WAITING);

    // then: it is his to give
    assertThat(tasklist.taskIds()).containsExactly(second);
  }

  @Test
  void aRefusedCompletionLeavesTheCompleteButtonUsable() {
    // given: payments 2.4.0 is under way, and payments 2.5.0 waits for its plan
    taskOf(request("payments", "2.4.0"), Elements.TASK_PLAN_RELEASE);
    String planId = taskOf(request("payments", "2.5.0"), Elements.TASK_PLAN_RELEASE).getId();

    // when: Rita, on a 1440x900 screen, plans 2.5.0 as 2.4.0, a release that is already under way
    Tasklist tasklist = open(base -> Tasklist.open(base, 1440, 900));
    tasklist.logIn("rita", "rita");
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);
    tasklist.openTask(planId);
    tasklist.claim();
    tasklist.fill("Version", "2.4.0");
    tasklist.choose("Small: a few focused changes");
    String refusal = tasklist.completeRefused();

    // then: Tasklist says why, and its message leaves the Complete button free
    assertThat(refusal).contains("payments@2.4.0");
    assertThat(tasklist.completeCovered()).as("the message covers the Complete button").isFalse();
    tasklist.screenshot(SCREENSHOTS.resolve("tasklist-refusal.png"));

    // when: she corrects the version and clicks Complete, the message still shown
    tasklist.fill("Version", "2.5.1");
    tasklist.complete();

    // then: the plan is done
    assertThat(taskService.createTaskQuery().taskId(planId).count()).isZero();
  }

  @Test
  void startingAReleaseNamesItAndItsNextStep() {
    // when: Rita requests payments 2.4.0 through Tasklist's Start process
    Tasklist tasklist = tasklistAs("rita");
    tasklist.startProcess("Release");
    tasklist.select("Service", "payments");
    tasklist.fill("Proposed version", "2.4.0");
    tasklist.fill(
        "Target date",
        LocalDate.now().plusWeeks(2).format(DateTimeFormatter.ofPattern("MM/dd/yyyy")));
    tasklist.fill("Scope", "CSV export for finance");
    String confirmation = tasklist.startAndReadConfirmation();

    // then: the confirmation names the release and what comes next, and links to it on the board
    assertThat(confirmation).contains("payments@2.4.0", "next: Plan release", "release board");
    tasklist.screenshot(SCREENSHOTS.resolve("tasklist-started.png"));
  }

  /** Payments 9.5.0, customer-facing, passed QA at this risk and waits for approval by the policy. */
  private void waitingForApproval(String risk, String policy, LocalDate target) {
    startAt(
        Elements.TASK_DRAFT_RELEASE_NOTES,
        passedQa("payments", "9.5.0", "CSV export for finance", risk, policy)
            .set(TARGET_DATE, target.toString())
            .set(HAS_DATABASE_MIGRATIONS, "high".equals(risk)));
  }

  /** The release's two approvals by CAB members, once its notes are drafted. */
  private List<Task> cabApprovals(String releaseKey) {
    return await()
        .atMost(PATIENCE)
        .until(
            () ->
                taskService
                    .createTaskQuery()
                    .processInstanceBusinessKey(releaseKey)
                    .taskDefinitionKey(Elements.TASK_APPROVE_AS_CAB_MEMBER)
                    .listPage(0, 10),
            tasks -> tasks.size() == 2);
  }

  /** A CAB member claims and approves, as Tasklist would on their behalf. */
  private void approveAs(String member, Task approval) {
    identityService.setAuthentication(member, List.of(Groups.CAB));
    try {
      taskService.claim(approval.getId(), member);
      taskService.complete(approval.getId(), Map.of(DECISION.getName(), FourEyesApproval.APPROVE));
    } finally {
      identityService.clearAuthentication();
    }
  }

  /** Rita requests the service's version, customer-facing, due in two weeks. */
  private String request(String service, String version) {
    return request(service, version, "CSV export for finance", LocalDate.now().plusWeeks(2), true);
  }
}
