package io.releasedesk.browser;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_NUMBER;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
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
import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.support.Cleanup;
import io.releasedesk.versioning.Candidates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The approval form in Tasklist, in headless Chromium: the approver reads the changes drafted from the commits. */
@BrowserTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ApprovalFormBrowserTest {

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ServiceCatalog catalog;
  @Autowired Candidates candidates;
  @LocalServerPort int port;

  Tasklist tasklist;

  @BeforeEach
  void openTasklist() {
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
  void theApproverReadsTheDraftReleaseNotesWithIssueLinks() {
    // given: payments 9.5.0, whose candidate (the head of its repository) passed QA, at medium risk
    String commit = candidates.pin(catalog.ofRelease("payments"));
    ProcessInstance release =
        runtimeService
            .createProcessInstanceByKey(ReleaseProcess.KEY)
            .setVariables(io.releasedesk.reminders.Reminders.dueDateVariables())
            .businessKey("payments@9.5.0")
            .startBeforeActivity(Elements.TASK_DRAFT_RELEASE_NOTES)
            .setVariables(
                Writers.C7
                    .builder()
                    .set(SERVICE, "payments")
                    .set(REPOSITORY, "data/demo-repositories/payments")
                    .set(VERSION, "9.5.0")
                    .set(TARGET_DATE, LocalDate.now().plusWeeks(2).toString())
                    .set(RELEASE_TYPE, "regular")
                    .set(SCOPE_SUMMARY, "CSV export for finance")
                    .set(HAS_DATABASE_MIGRATIONS, false)
                    .set(CUSTOMER_FACING, true)
                    .set(REQUESTED_BY, "rita")
                    .set(RISK_LEVEL, "medium")
                    .set(RISK_REASON, "customer-facing")
                    .set(APPROVAL_POLICY, "release-manager")
                    .set(CANDIDATE_NUMBER, 1)
                    .set(CANDIDATE_VERSION, "9.5.0-rc.1")
                    .set(CANDIDATE_COMMIT, commit)
                    .set(QA_RESULT, "pass")
                    .set(TEST_SUMMARY, "Exports checked against the ledger")
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

    // when: Paula opens it among the approvals waiting
    tasklist.logIn("paula", "paula");
    tasklist.showFilter(TasklistFilters.APPROVALS_WAITING);
    tasklist.openTask(approval.getId());

    // then: the form shows the changes since the last release, grouped, with sha, author and issue
    // links
    assertThat(tasklist.formText())
        .contains(
            "CSV export for finance",
            "Changes since v2.3.0",
            "up to " + commit.substring(0, 7),
            "Features",
            "payments: export as CSV (PAY-117)",
            "Fixes",
            "payments: keep the last page when the list is empty (PAY-112)",
            "Other",
            "docs: explain the CSV export",
            "Devon Developer");
    assertThat(tasklist.formLinks())
        .contains(
            "https://jira.example.com/browse/PAY-117", "https://jira.example.com/browse/PAY-112");
    tasklist.screenshot(Path.of("target", "browser-tests", "tasklist-approve-release-notes.png"));
  }
}
