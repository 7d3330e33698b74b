package io.releasedesk.release;

import static io.releasedesk.release.ReleaseDriver.APPROVED_TO_OBSERVATION;
import static io.releasedesk.release.ReleaseDriver.READY_TO_VERIFICATION;
import static io.releasedesk.release.ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_PLANNED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_REQUESTED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ASK_FOR_APPROVAL;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_COMPILE_RELEASE_NOTES;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_DRAFT_RELEASE_NOTES;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PROPOSE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_NOTES_DRAFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.releasedesk.notification.Announcements;
import io.releasedesk.versioning.Candidates;
import io.releasedesk.versioning.GitFixture;
import io.releasedesk.versioning.ReleaseTags;
import io.releasedesk.versioning.RepositoryUnavailableException;
import io.releasedesk.versioning.ShippedChanges;
import io.releasedesk.versioning.VersionProposals;
import io.releasedesk.versioning.VersioningProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Draft release notes" in the lifecycle, on a real repository: the approvers read the changes of the commit QA
 * verified, the release notes keep them, and an unreachable repository stops the release before anyone approves.
 * Deployment targets and health checks are mocked as in {@link ReleaseProcessTest}.
 */
class ReleaseNotesProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ReleaseProcessSetup.engine().build();

  ProcessEngine engine;
  ReleaseDriver release;
  @TempDir Path temp;
  GitFixture payments;
  ReleaseProcessSetup setup = new ReleaseProcessSetup();

  /** What the release announced (notify). */
  Announcements announcements;

  @BeforeEach
  void repositoryAndDelegates() throws Exception {
    BpmnAwareTests.init(engine);
    payments = GitFixture.init(temp.resolve("payments"));
    payments.commit("feat: first checkout");
    payments.tag("v2.3.0");
    payments.commit("src/refunds.txt", "fix: rounding of refunds (PAY-107)");
    payments.commitAs(
        "Ann Author", "src/checkout.txt", "feat(checkout): one-page checkout (PAY-101)");
    var catalog =
        GitFixture.catalog(
            temp,
            """
        services:
          payments:
            repository: %s
            issue-link: https://jira.example.com/browse/{id}
            owners: [rita]
        """
                .formatted(payments.folder()));
    var mirrors = GitFixture.mirrors(temp);

    // the service's own repository, through the real git services
    var tags = new ReleaseTags(mirrors);
    setup.catalog = catalog;
    setup.proposals = new VersionProposals(mirrors, new VersioningProperties("1.0.0"));
    setup.candidates = new Candidates(mirrors, tags);
    setup.shippedChanges = new ShippedChanges(mirrors);
    setup.tags = tags;
    announcements = setup.register(engine).announcements();
    release = new ReleaseDriver(engine);
  }

  @AfterEach
  void reset() {
    payments.close();
    setup.reset();
  }

  /** Requested, planned and ready: the first candidate is cut from the branch's head and waits for QA. */
  ProcessInstance candidateInQa(String changeSize) {
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    release.plan(pi, changeSize);
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.allTeamsReady(pi);
    release.execute(pi, READY_TO_VERIFICATION);
    assertThat(pi).isWaitingAt(TASK_VERIFY_RELEASE_CANDIDATE);
    return pi;
  }

  String text(ProcessInstance pi, String fileVariable) {
    FileValue file = engine.getRuntimeService().getVariableTyped(pi.getId(), fileVariable);
    return new String(ReleaseDriver.bytes(file), StandardCharsets.UTF_8);
  }

  @Test
  void approversReadTheChangesOfTheCommitQaVerifiedAndTheReleaseNotesKeepThem() throws Exception {
    ProcessInstance pi = candidateInQa("large");
    String candidate = CANDIDATE_COMMIT.from(engine.getRuntimeService(), pi.getId()).get();
    // a commit lands while QA verifies the candidate: it ships with the next release
    payments.commit("src/later.txt", "feat: lands after the candidate");

    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_RELEASE_MANAGER);
    String draft = RELEASE_NOTES_DRAFT.from(engine.getRuntimeService(), pi.getId()).get();
    assertThat(draft)
        .startsWith(
            "## Changes since `v2.3.0`\n\n2 commits up to `" + candidate.substring(0, 7) + "`.\n")
        .contains(
            "### Features\n\n- **checkout:** one-page checkout ([PAY-101](https://jira.example.com/browse/PAY-101))",
            "Ann Author)",
            "### Fixes\n\n- rounding of refunds ([PAY-107](https://jira.example.com/browse/PAY-107))")
        .doesNotContain("lands after the candidate");
    assertThat(text(pi, ReleaseProcess.Variables.RELEASE_CHANGES)).isEqualTo(draft);

    release.completeAs("paula", pi, TASK_APPROVE_AS_RELEASE_MANAGER, ReleaseDriver.approve());
    release.execute(pi, TASK_APPROVE_AS_RELEASE_MANAGER);
    release.execute(pi, APPROVED_TO_OBSERVATION);

    assertThat(pi)
        .hasPassedInOrder(
            TASK_VERIFY_RELEASE_CANDIDATE,
            TASK_DRAFT_RELEASE_NOTES,
            TASK_APPROVE_AS_RELEASE_MANAGER,
            CALL_ACTIVITY_DEPLOY_TO_PRODUCTION,
            TASK_COMPILE_RELEASE_NOTES);
    assertThat(text(pi, ReleaseProcess.Variables.RELEASE_NOTES))
        .startsWith("# payments 2.4.0\n\n")
        .contains(
            "## Scope\n\nNew checkout flow (PAY-101, PAY-107)\n\n## Changes since `v2.3.0`\n\n2 commits up to",
            "one-page checkout",
            "rounding of refunds",
            "## Release facts",
            "approved by paula")
        .doesNotContain("lands after the candidate");
  }

  @Test
  void aLongListIsCutForTheApprovalFormAndKeptWholeInTheReleaseNotes() throws Exception {
    for (int i = 1; i <= 120; i++) {
      payments.commit("src/housekeeping.txt", "chore: housekeeping number " + i);
    }
    ProcessInstance pi = candidateInQa("small");

    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);
    release.execute(pi, APPROVED_TO_OBSERVATION);

    // the rules approved the small change; the form text fits the engine's column, the file holds
    // every commit
    String draft = RELEASE_NOTES_DRAFT.from(engine.getRuntimeService(), pi.getId()).get();
    assertThat(draft)
        .hasSizeLessThanOrEqualTo(4000)
        .contains(
            "122 commits up to",
            "one-page checkout",
            "rounding of refunds",
            "housekeeping number 120")
        .doesNotContain("housekeeping number 1 ")
        .containsPattern(
            "\n…and \\d+ more commits, listed in full in the draft notes "
                + "\\(`GET /api/releases/payments@2\\.4\\.0/notes`, or Cockpit's variable releaseChanges\\)\\.\n$");
    assertThat(text(pi, ReleaseProcess.Variables.RELEASE_CHANGES))
        .hasSizeGreaterThan(4000)
        .contains("housekeeping number 1 (")
        .doesNotContain("more commits");
    assertThat(text(pi, ReleaseProcess.Variables.RELEASE_NOTES))
        .contains("housekeeping number 1 (", "housekeeping number 120 (");
  }

  @Test
  void anUnreadableRepositoryIsRetriedThenAnIncidentAndNobodyIsAskedToApprove() throws Exception {
    ProcessInstance pi = candidateInQa("large");
    Files.move(payments.folder(), temp.resolve("moved-away"));

    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(pi, TASK_VERIFY_RELEASE_CANDIDATE);

    var incident =
        release.failsEveryAttempt(
            pi,
            TASK_DRAFT_RELEASE_NOTES,
            3,
            failure ->
                assertThat(failure)
                    .isInstanceOf(RepositoryUnavailableException.class)
                    .hasMessageStartingWith(
                        "Cannot fetch the repository "
                            + payments.folder()
                            + " of service payments"));
    assertThat(incident.getIncidentMessage()).startsWith("Cannot fetch the repository");
    assertThat(pi).isWaitingAt(TASK_DRAFT_RELEASE_NOTES);
    assertThat(release.openTasks(pi, TASK_APPROVE_AS_RELEASE_MANAGER)).isEmpty();
    assertThat(engine.getRuntimeService().getVariable(pi.getId(), RELEASE_NOTES_DRAFT.getName()))
        .isNull();
  }
}
