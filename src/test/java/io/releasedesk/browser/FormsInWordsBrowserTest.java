package io.releasedesk.browser;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_NUMBER;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;
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
import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.Cleanup;
import io.releasedesk.versioning.Candidates;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

/**
 * Tasklist's forms in headless Chromium catch mistakes before they are sent, and say them in words: the approval form
 * asks for a reason, and requires it, once Reject is chosen; the plan says what a version must look like, says when a
 * typed date was emptied because it lies in the past, and previews the risk.
 */
@BrowserTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class FormsInWordsBrowserTest {

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @Autowired ServiceCatalog catalog;
  @Autowired Candidates candidates;
  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  Tasklist tasklist;

  @BeforeEach
  void openTasklist() {
    Tasklist.assumeBrowserInstalled();
    tasklist = Tasklist.open("http://localhost:" + port);
  }

  @AfterEach
  void closeTasklistAndForgetReleases() {
    if (tasklist != null) {
      tasklist.close();
    }
    Cleanup.forgetReleases(runtimeService);
  }

  @Test
  void choosingRejectAsksForAReasonAndTheFormRequiresIt() {
    // given: payments 9.6.0 waits for a release manager's approval
    String commit = candidates.pin(catalog.ofRelease("payments"));
    ProcessInstance release =
        runtimeService
            .createProcessInstanceByKey(ReleaseProcess.KEY)
            .setVariables(io.releasedesk.reminders.Reminders.dueDateVariables())
            .businessKey("payments@9.6.0")
            .startBeforeActivity(Elements.TASK_DRAFT_RELEASE_NOTES)
            .setVariables(
                Writers.C7
                    .builder()
                    .set(SERVICE, "payments")
                    .set(REPOSITORY, "data/demo-repositories/payments")
                    .set(VERSION, "9.6.0")
                    .set(TARGET_DATE, LocalDate.now().plusWeeks(2).toString())
                    .set(RELEASE_TYPE, "regular")
                    .set(SCOPE_SUMMARY, "Refunds in bulk")
                    .set(HAS_DATABASE_MIGRATIONS, false)
                    .set(CUSTOMER_FACING, true)
                    .set(REQUESTED_BY, "rita")
                    .set(RISK_LEVEL, "medium")
                    .set(RISK_REASON, "customer-facing")
                    .set(APPROVAL_POLICY, "release-manager")
                    .set(CANDIDATE_NUMBER, 1)
                    .set(CANDIDATE_VERSION, "9.6.0-rc.1")
                    .set(CANDIDATE_COMMIT, commit)
                    .set(QA_RESULT, "pass")
                    .set(TEST_SUMMARY, "Refunds checked")
                    .build())
            .execute();
    Task approval =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    taskService
                        .createTaskQuery()
                        .processInstanceId(release.getId())
                        .taskDefinitionKey(Elements.TASK_APPROVE_AS_RELEASE_MANAGER)
                        .singleResult(),
                task -> task != null);
    tasklist.logIn("paula", "paula");
    tasklist.showFilter(TasklistFilters.APPROVALS_WAITING);
    tasklist.openTask(approval.getId());
    tasklist.claim();
    assertThat(labels()).contains("Comment").doesNotContain("Reason for rejecting");

    // when: Paula chooses Reject and tries to complete without a reason
    tasklist.choose("Reject: back to planning");
    assertThat(labels()).contains("Reason for rejecting").doesNotContain("Comment");
    clickComplete();

    // then: the form says the reason is required, and the task stays open
    tasklist.wait.until(d -> errors().contains("Field is required."));
    assertThat(taskService.createTaskQuery().taskId(approval.getId()).count()).isOne();

    // and with a reason, the rejection goes through with it
    tasklist.fill("Reason for rejecting", "No rollback plan");
    // Tasklist's note about the invalid form lies over Complete; a person closes it, here the click
    // goes past it
    tasklist.driver.executeScript(
        "arguments[0].click()",
        tasklist.driver.findElement(
            By.xpath(
                "//div[contains(@class,'form-actions')]//button[normalize-space()='Complete']")));
    tasklist.wait.until(d -> !d.findElements(By.cssSelector(".no-task")).isEmpty());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                historyService
                        .createHistoricTaskInstanceQuery()
                        .taskId(approval.getId())
                        .finished()
                        .count()
                    == 1);
    var variables =
        historyService
            .createHistoricVariableInstanceQuery()
            .processInstanceId(release.getId())
            .variableNameIn(REJECTION_REASON.getName(), REJECTED_BY.getName())
            .listPage(0, 10);
    assertThat(variables)
        .extracting(variable -> variable.getName() + "=" + variable.getValue())
        .contains("rejectionReason=No rollback plan", "rejectedBy=paula");
  }

  @Test
  void thePlanSaysWhatIsWrongInWordsAndPreviewsTheRisk() {
    // given: Rita plans payments 2.8.0, customer-facing
    var requested =
        new ApiClient(rest)
            .call(
                "rita",
                HttpMethod.POST,
                "/api/releases",
                Map.of(
                    "service",
                    "payments",
                    "version",
                    "2.8.0",
                    "targetDate",
                    LocalDate.now().plusWeeks(2).toString(),
                    "releaseType",
                    "regular",
                    "scopeSummary",
                    "Refunds in bulk",
                    "hasDatabaseMigrations",
                    false,
                    "customerFacing",
                    true));
    assertThat(requested.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    Task plan =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    taskService
                        .createTaskQuery()
                        .processInstanceBusinessKey("payments@2.8.0")
                        .taskDefinitionKey(Elements.TASK_PLAN_RELEASE)
                        .singleResult(),
                task -> task != null);
    tasklist.logIn("rita", "rita");
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);
    tasklist.openTask(plan.getId());
    tasklist.claim();

    // the risk inputs and the preview of the risk table
    assertThat(tasklist.formText())
        .contains(
            "Risk preview",
            "Database migrations: no",
            "Customer-facing: yes",
            "Large change: high risk, two CAB members approve (rule: Large customer-facing change)",
            "Assess risk computes the risk again from what you submit here");

    // a version that is not one is said in words, not as a pattern
    tasklist.fill("Version", "2.8");
    tasklist.wait.until(
        d -> tasklist.formText().contains("Version must look like 2.4.0 or 2.4.0-beta.1"));
    assertThat(errors()).noneMatch(error -> error.contains("pattern"));
    tasklist.fill("Version", "2.8.0");
    tasklist.wait.until(d -> !tasklist.formText().contains("Version must look like"));

    // a date in the past is not silently emptied: the form says the date is missing, and why
    assertThat(tasklist.formText()).doesNotContain("No target date");
    typeDate("1/1/2001");
    tasklist.wait.until(
        d -> tasklist.formText().contains("No target date. Pick a day, today or later."));
    assertThat(tasklist.valueOf("Target date")).isEmpty();
  }

  /** Types into the target date field and leaves it, as a person does. */
  private void typeDate(String text) {
    WebElement input =
        tasklist.driver.findElement(By.cssSelector(".fjs-form-field-datetime input"));
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), text, Keys.TAB);
  }

  /** The labels of the form's fields as shown, without the required marker. */
  private List<String> labels() {
    return tasklist.driver.findElements(By.cssSelector(".fjs-form .fjs-form-field label")).stream()
        .filter(WebElement::isDisplayed)
        .map(label -> label.getText().replace("*", "").strip())
        .toList();
  }

  /** The error messages the form shows under its fields. */
  private List<String> errors() {
    return tasklist.driver.findElements(By.cssSelector(".fjs-form .fjs-form-field-error")).stream()
        .filter(WebElement::isDisplayed)
        .map(error -> error.getText().strip())
        .filter(text -> !text.isEmpty())
        .toList();
  }

  private void clickComplete() {
    WebElement complete =
        tasklist.driver.findElement(
            By.xpath(
                "//div[contains(@class,'form-actions')]//button[normalize-space()='Complete']"));
    tasklist.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", complete);
    complete.click();
  }
}
