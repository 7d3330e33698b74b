package io.releasedesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcess.Variables;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/** The approval form in Tasklist, in headless Chromium: the approver reads the changes drafted from the commits. */
@BrowserTest
class ApprovalFormBrowserTest extends BrowserTestSupport {

  @Test
  void theApproverReadsTheDraftReleaseNotesWithIssueLinks() {
    // given: payments 9.5.0, whose candidate (the head of its repository) passed QA, at medium risk
    var release =
        passedQa("payments", "9.5.0", "CSV export for finance", "medium", "release-manager");
    String commit = Variables.CANDIDATE_COMMIT.from(release.build()).get();
    startAt(Elements.TASK_DRAFT_RELEASE_NOTES, release);
    Task approval = taskOf("payments@9.5.0", Elements.TASK_APPROVE_AS_RELEASE_MANAGER);

    // when: Paula opens it among the approvals waiting
    Tasklist tasklist = tasklistAs("paula");
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
    tasklist.screenshot(SCREENSHOTS.resolve("tasklist-approve-release-notes.png"));
  }
}
