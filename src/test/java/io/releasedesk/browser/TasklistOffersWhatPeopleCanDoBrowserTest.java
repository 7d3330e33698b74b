package io.releasedesk.browser;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_NUMBER;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPOSITORY;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holunda.camunda.bpm.data.Writers;
import io.releasedesk.approval.FourEyesApproval;
import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcess.Groups;
import io.releasedesk.reminders.Reminders;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.Cleanup;
import io.releasedesk.versioning.Candidates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
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
 * Tasklist in headless Chromium offers people what they can do and tells them what they need: task cards with the
 * release's target date and risk, a claimed task still listed, no "Create task" for people who may not create tasks,
 * the CAB's second approval not offered to the member who gave the first, a refusal that leaves the Complete button
 * usable, and a start that names the release and its next step.
 *
 * <p>Skipped without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}.
 */
@BrowserTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class TasklistOffersWhatPeopleCanDoBrowserTest {

  static final Path SCREENSHOTS = Path.of("target", "browser-tests");

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired IdentityService identityService;
  @Autowired ServiceCatalog catalog;
  @Autowired Candidates candidates;
  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  Tasklist tasklist;

  /** Keeps the page of a failed test, which usually explains more than the assertion message. */
  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      context -> {
        if (context.getExecutionException().isPresent() && tasklist != null) {
          tasklist.screenshot(
              SCREENSHOTS.resolve("failed-" + context.getRequiredTestMethod().getName() + ".png"));
        }
      };

  @BeforeEach
  void checkForBrowser() {
    Tasklist.assumeBrowserInstalled();
  }

  @AfterEach
  void closeTasklistAndForgetReleases() {
    if (tasklist != null) {
      tasklist.close();
    }
    Cleanup.forgetReleases(runtimeService);
  }

  @Test
  void cardsShowTargetDateAndRiskAndAClaimedTaskStaysListed() {
    // given: payments 9.5.0, at medium risk, waits for a release manager's approval
    LocalDate target = LocalDate.now().plusWeeks(2);
    ProcessInstance release =
        waitingForApproval("payments@9.5.0", "medium", "release-manager", target);
    Task approval = approvalTasks(release, Elements.TASK_APPROVE_AS_RELEASE_MANAGER, 1).get(0);

    // when: Paula looks at her groups' tasks
    tasklist = Tasklist.open("http://localhost:" + port);
    tasklist.logIn("paula", "paula");
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
    tasklist = Tasklist.open("http://localhost:" + port);
    tasklist.logIn("admin", "admin");

    assertThat(tasklist.offersCreateTask()).isTrue();
  }

  @Test
  void theCabMemberWhoApprovedIsNotOfferedTheSecondApproval() {
    // given: payments 9.5.0, high risk, waits for two CAB approvals; Carol gives the first
    ProcessInstance release =
        waitingForApproval("payments@9.5.0", "high", "cab", LocalDate.now().plusWeeks(2));
    List<Task> approvals = approvalTasks(release, Elements.TASK_APPROVE_AS_CAB_MEMBER, 2);
    approveAs("carol", approvals.get(0));
    String second = approvals.get(1).getId();

    // when: Carol looks at the approvals waiting and her groups' tasks
    tasklist = Tasklist.open("http://localhost:" + port);
    tasklist.logIn("carol", "carol");
    tasklist.showFilter(TasklistFilters.APPROVALS_WAITING);
    List<String> approvalsWaiting = tasklist.taskIds();
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);

    // then: the second approval, which she may not give, is offered to her in neither
    assertThat(approvalsWaiting).doesNotContain(second);
    assertThat(tasklist.taskIds()).doesNotContain(second);
    tasklist.close();

    // when: Chris, the other CAB member, looks
    tasklist = Tasklist.open("http://localhost:" + port);
    tasklist.logIn("chris", "chris");
    tasklist.showFilter(TasklistFilters.APPROVALS_WAITING);

    // then: it is his to give
    assertThat(tasklist.taskIds()).containsExactly(second);
  }

  @Test
  void aRefusedCompletionLeavesTheCompleteButtonUsable() {
    // given: payments 2.4.0 is under way, and payments 2.5.0 waits for its plan
    waitForPlan(request("payments", "2.4.0"));
    String planId = waitForPlan(request("payments", "2.5.0"));

    // when: Rita, on a 1440x900 screen, plans 2.5.0 as 2.4.0, a release that is already under way
    tasklist = Tasklist.open("http://localhost:" + port, 1440, 900);
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
    tasklist = Tasklist.open("http://localhost:" + port);
    tasklist.logIn("rita", "rita");
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

  private ProcessInstance waitingForApproval(
      String releaseKey, String risk, String policy, LocalDate target) {
    String[] key = releaseKey.split("@");
    String commit = candidates.pin(catalog.ofRelease(key[0]));
    return runtimeService
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .setVariables(Reminders.dueDateVariables())
        .businessKey(releaseKey)
        .startBeforeActivity(Elements.TASK_DRAFT_RELEASE_NOTES)
        .setVariables(
            Writers.C7
                .builder()
                .set(SERVICE, key[0])
                .set(REPOSITORY, "data/demo-repositories/" + key[0])
                .set(VERSION, key[1])
                .set(TARGET_DATE, target.toString())
                .set(RELEASE_TYPE, "regular")
                .set(SCOPE_SUMMARY, "CSV export for finance")
                .set(HAS_DATABASE_MIGRATIONS, "high".equals(risk))
                .set(CUSTOMER_FACING, true)
                .set(REQUESTED_BY, "rita")
                .set(RISK_LEVEL, risk)
                .set(RISK_REASON, "customer-facing")
                .set(APPROVAL_POLICY, policy)
                .set(CANDIDATE_NUMBER, 1)
                .set(CANDIDATE_VERSION, key[1] + "-rc.1")
                .set(CANDIDATE_COMMIT, commit)
                .set(QA_RESULT, "pass")
                .set(TEST_SUMMARY, "Exports checked against the ledger")
                .build())
        .execute();
  }

  private List<Task> approvalTasks(ProcessInstance release, String taskKey, int count) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                taskService
                    .createTaskQuery()
                    .processInstanceId(release.getId())
                    .taskDefinitionKey(taskKey)
                    .listPage(0, 10),
            tasks -> tasks.size() == count);
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

  private String request(String service, String version) {
    var started =
        new ApiClient(rest)
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
                    LocalDate.now().plusWeeks(2).toString(),
                    "releaseType",
                    "regular",
                    "scopeSummary",
                    "CSV export for finance",
                    "hasDatabaseMigrations",
                    false,
                    "customerFacing",
                    true));
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return service + "@" + version;
  }

  /** The release's plan task, once its version has been proposed in the background. */
  private String waitForPlan(String releaseKey) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                taskService
                    .createTaskQuery()
                    .processInstanceBusinessKey(releaseKey)
                    .taskDefinitionKey(Elements.TASK_PLAN_RELEASE)
                    .singleResult(),
            task -> task != null)
        .getId();
  }
}
