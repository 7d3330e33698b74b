package io.releasedesk.browser;

import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess.Elements;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Tasklist's forms in headless Chromium catch mistakes before they are sent, and say them in words: the approval form
 * asks for a reason, and requires it, once Reject is chosen; the plan says what a version must look like, says when a
 * typed date was emptied because it lies in the past, and previews the risk.
 */
@BrowserTest
class FormsInWordsBrowserTest extends BrowserTestSupport {

  Tasklist tasklist;

  @Test
  void choosingRejectAsksForAReasonAndTheFormRequiresIt() {
    // given: payments 9.6.0 waits for a release manager's approval
    ProcessInstance release =
        startAt(
            Elements.TASK_DRAFT_RELEASE_NOTES,
            passedQa("payments", "9.6.0", "Refunds in bulk", "medium", "release-manager")
                .set(TEST_SUMMARY, "Refunds checked"));
    Task approval = taskOf("payments@9.6.0", Elements.TASK_APPROVE_AS_RELEASE_MANAGER);
    tasklist = tasklistAs("paula");
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
        .contains(
            REJECTION_REASON.getName() + "=No rollback plan", REJECTED_BY.getName() + "=paula");
  }

  @Test
  void thePlanSaysWhatIsWrongInWordsAndPreviewsTheRisk() {
    // given: Rita plans payments 2.8.0, customer-facing
    String release =
        request("payments", "2.8.0", "Refunds in bulk", LocalDate.now().plusWeeks(2), true);
    Task plan = taskOf(release, Elements.TASK_PLAN_RELEASE);
    tasklist = tasklistAs("rita");
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
