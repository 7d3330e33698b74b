package io.releasedesk.browser;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_NUMBER;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
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
import io.holunda.camunda.bpm.data.builder.VariableMapBuilder;
import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcess.Groups;
import io.releasedesk.versioning.Candidates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.awaitility.core.ThrowingRunnable;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.StaleElementReferenceException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The QA engineer's day in Camunda Tasklist, in a real (headless) browser against the running application: the demo
 * people, the Tasklist filters and the Camunda Forms exactly as deployed.
 *
 * <p>Skipped without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}. Screenshots go to
 * {@code target/browser-tests/}: the filled form on every run (docs/images/ has a copy), the page of a failed test.
 */
@BrowserTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class TasklistBrowserTest {

  static final Path SCREENSHOTS = Path.of("target", "browser-tests");
  static final String QA_USER = "quinn";

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @Autowired ServiceCatalog catalog;
  @Autowired Candidates candidates;
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

  /**
   * The webapps look their engine up through {@code ProcessEngines}, which on first use also starts an engine from any
   * {@code camunda.cfg.xml} on the classpath: that one would replace the application's engine as "default", with an
   * empty database, and Tasklist would show Camunda's "create the first administrator" page instead of the login.
   */
  @BeforeAll
  static void noEngineConfigurationOnTheClasspath() {
    assertThat(TasklistBrowserTest.class.getClassLoader().getResource("camunda.cfg.xml"))
        .as(
            "camunda.cfg.xml on the test classpath would take Tasklist off the application's engine; give process "
                + "test configurations another name (and run mvn clean once)")
        .isNull();
  }

  @BeforeEach
  void openTasklist() {
    tasklist = Tasklist.open("http://localhost:" + port);
  }

  @AfterEach
  void closeTasklistAndForgetReleases() {
    if (tasklist != null) {
      tasklist.close();
    }
    runtimeService
        .createProcessInstanceQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .list()
        .forEach(
            release ->
                runtimeService.deleteProcessInstance(release.getId(), "test over", true, true));
  }

  @Test
  void qaEngineerPassesReleaseCandidateInTasklistAndReleaseGoesToApproval() {
    // given: payments 2.4.0, medium risk, its first candidate on staging waiting for QA
    ProcessInstance release = releaseWaitingForVerification("payments", "2.4.0");
    Task verify = taskOf(release, Elements.TASK_VERIFY_RELEASE_CANDIDATE);

    // when: Quinn finds it among the tasks of the QA group and opens it
    tasklist.logIn(QA_USER, QA_USER);
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
    Task verify = taskOf(toVerify, Elements.TASK_VERIFY_RELEASE_CANDIDATE);

    // when: Quinn looks at the tasks of their groups
    tasklist.logIn(QA_USER, QA_USER);
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
    return startReleaseAt(
        Elements.TASK_PLAN_RELEASE, service, version, request(service, version).build());
  }

  /**
   * A release planned as medium risk, its first candidate (the head of the service's test repository) on staging,
   * waiting for QA to verify it.
   */
  private ProcessInstance releaseWaitingForVerification(String service, String version) {
    var variables =
        request(service, version)
            .set(CANDIDATE_COMMIT, candidates.pin(catalog.ofRelease(service)))
            .set(CHANGE_SIZE, "medium")
            .set(RISK_LEVEL, "medium")
            .set(RISK_REASON, "database migrations")
            .set(APPROVAL_POLICY, "release-manager")
            .set(CANDIDATE_NUMBER, 1)
            .set(CANDIDATE_VERSION, version + "-rc.1")
            .build();
    return startReleaseAt(Elements.TASK_VERIFY_RELEASE_CANDIDATE, service, version, variables);
  }

  private static VariableMapBuilder request(String service, String version) {
    return Writers.C7
        .builder()
        .set(SERVICE, service)
        .set(REPOSITORY, "https://git.example.com/shop/" + service + ".git")
        .set(VERSION, version)
        .set(TARGET_DATE, LocalDate.now().plusWeeks(2).toString())
        .set(RELEASE_TYPE, "regular")
        .set(SCOPE_SUMMARY, "Refund API v2 and the new settlement report")
        .set(HAS_DATABASE_MIGRATIONS, true)
        .set(CUSTOMER_FACING, false)
        .set(REQUESTED_BY, "rita");
  }

  /** Starts the release mid-way, as if the steps before had run. */
  private ProcessInstance startReleaseAt(
      String activityId, String service, String version, VariableMap variables) {
    return runtimeService
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .setVariables(io.releasedesk.reminders.Reminders.dueDateVariables())
        .businessKey(service + "@" + version)
        .startBeforeActivity(activityId)
        .setVariables(variables)
        .execute();
  }

  private Task taskOf(ProcessInstance release, String taskDefinitionKey) {
    return taskService
        .createTaskQuery()
        .processInstanceId(release.getId())
        .taskDefinitionKey(taskDefinitionKey)
        .singleResult();
  }
}
