package io.releasedesk.release;

import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYED;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYING;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYMENT_FAILED;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_ROLLED_BACK;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_DEPLOY;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_ROLL_BACK;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_VERIFY_HEALTH;
import static io.releasedesk.release.ReleaseDriver.APPROVED_TO_OBSERVATION;
import static io.releasedesk.release.ReleaseDriver.READY_TO_VERIFICATION;
import static io.releasedesk.release.ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_STAGING;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_APPROVED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_CANCELLED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_COMPLETED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_PLANNED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_REJECTED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_REQUESTED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_RETROSPECTIVE_DUE;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ASK_FOR_APPROVAL;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_DEPENDENCY_IN_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_FREEZE_WINDOW_OVER;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_HOTFIX_FREEZE_WINDOW_OVER;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_NO_RESULTS_IN_TIME;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_OBSERVATION_PERIOD_OVER;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_RELEASE_CANCELLED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_RELEASE_COMPLETED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_RELEASE_ROLLED_BACK;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_VERSION_IN_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Elements.GATEWAY_WINDOW_OVER_OR_EXCEPTION;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_CAB_MEMBER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AUTOMATICALLY;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_EMERGENCY_EXCEPTION;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_ASSESS_RISK;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CHECK_DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_COMPILE_RELEASE_NOTES;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CUT_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_DRAFT_RELEASE_NOTES;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_FIX_DEFECTS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_HOLD_RETROSPECTIVE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PROPOSE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_START_IMPROVEMENT_ACTIONS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_TAG_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_WAIT_FOR_DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_RULE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLATION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPENDENCIES_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPLOYMENT_FAILURE;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_NOTES;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.FIX_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_APPROVED;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_DECIDED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.GO_ON_WITHOUT_DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.MISSING_DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Variables.NOTHING_CHANGED;
import static io.releasedesk.release.ReleaseProcess.Variables.NOTIFICATION_FAILURES;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.PROPOSED_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_ANYWAY;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TAG;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE_FREEZE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_BADLY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_ON_WITHOUT_DEPENDENCIES_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_WELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.releasedesk.approval.FourEyesViolationException;
import io.releasedesk.calendar.FreezeWindow;
import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.deployment.DeploymentRequest;
import io.releasedesk.deployment.HealthCheck;
import io.releasedesk.engine.ConflictException;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.notification.Announcements;
import io.releasedesk.notification.Notifications;
import io.releasedesk.notification.Occasion;
import io.releasedesk.reminders.Reminders;
import io.releasedesk.support.DemoCatalog;
import io.releasedesk.versioning.ConventionalCommit;
import io.releasedesk.versioning.NextVersion;
import io.releasedesk.versioning.NextVersion.Change;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.semver4j.Semver;

/**
 * The release lifecycle, path by path, on an in-memory engine. The delegates are the real ones; what lies behind
 * them in the outside world (deployment targets, health checks) is mocked.
 */
class ReleaseProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension =
      ReleaseProcessSetup.engine().assertClassCoverageAtLeast(0.9).build();

  static final String CANDIDATE_SHA = ReleaseProcessSetup.CANDIDATE_SHA;

  ProcessEngine engine;
  ReleaseProcessSetup setup = new ReleaseProcessSetup();
  ReleaseDriver release;
  Reminders reminders;

  /** What the release announced (notify). */
  Announcements announcements;

  @BeforeEach
  void registerDelegates() {
    setup.register(engine);
    announcements = setup.announcements();
    reminders = setup.reminders();
    release = new ReleaseDriver(engine);
  }

  @AfterEach
  void reset() {
    setup.reset();
  }

  /** Paula has just set up a freeze window for payments. */
  void freezeWindow(String id, String reason, Instant start, Instant end) {
    when(setup.freezeWindows.applyingTo("payments"))
        .thenReturn(
            List.of(
                new FreezeWindow(id, start, end, reason, List.of(), null, "paula", Instant.now())));
  }

  @Test
  void lowRiskReleaseIsApprovedByTheRulesAndRunsToItsRetrospective() {
    // given a small internal change without migrations
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    assertThat(pi).hasBusinessKey("payments@2.4.0");
    assertThat(pi).variables().containsEntry(REQUESTED_BY.getName(), "rita");
    assertThat(pi).isWaitingAt(TASK_PLAN_RELEASE).task().hasCandidateGroup("release-managers");

    // when it is planned, the teams are ready and QA passes the first candidate
    release.plan(pi, "small");
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.allTeamsReady(pi);
    release.execute(pi, READY_TO_VERIFICATION);
    assertThat(pi).isWaitingAt(TASK_VERIFY_RELEASE_CANDIDATE).task().hasCandidateGroup("qa");
    assertThat(pi)
        .variables()
        .containsEntry(CANDIDATE_VERSION.getName(), "2.4.0-rc.1")
        .containsEntry(CANDIDATE_COMMIT.getName(), CANDIDATE_SHA);
    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);
    release.execute(pi, APPROVED_TO_OBSERVATION);

    // then the rules approve it, naming the rule, and it goes to production
    assertThat(pi)
        .variables()
        .containsEntry(RISK_LEVEL.getName(), "low")
        .containsEntry(APPROVAL_DECISION.getName(), "approve");
    assertThat((String) runtimeService().getVariable(pi.getId(), APPROVAL_RULE.getName()))
        .contains("Rule_Routine", "risk-assessment version 1");
    var deployed = ArgumentCaptor.forClass(DeploymentRequest.class);
    verify(setup.target, times(2)).deploy(deployed.capture());
    assertThat(deployed.getAllValues())
        .extracting(DeploymentRequest::environment, DeploymentRequest::version)
        .containsExactly(tuple("staging", "2.4.0-rc.1"), tuple("production", "2.4.0"));
    assertThat(deployed.getValue().releaseKey()).isEqualTo("payments@2.4.0");
    assertThat(deployed.getAllValues())
        .extracting(DeploymentRequest::commit)
        .containsOnly(CANDIDATE_SHA);
    verify(setup.tags)
        .tag(
            DemoCatalog.load().ofRelease("payments"),
            "v2.4.0",
            CANDIDATE_SHA,
            "payments 2.4.0\n\nNew checkout flow (PAY-101, PAY-107)\n");
    assertThat(pi).variables().containsEntry(RELEASE_TAG.getName(), "v2.4.0");

    // and after the observation period the release manager holds the retrospective
    assertThat(pi).isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
    release.observationPeriodPasses(pi);
    release.execute(pi, EVENT_ANNOUNCE_RETROSPECTIVE_DUE);
    release.completeAs(
        "rita",
        pi,
        TASK_HOLD_RETROSPECTIVE,
        Map.of(WENT_WELL.getName(), "Smooth QA", WENT_BADLY.getName(), "Nothing"));
    release.execute(pi, TASK_START_IMPROVEMENT_ACTIONS, EVENT_ANNOUNCE_COMPLETED);
    assertThat(pi)
        .isEnded()
        .hasPassedInOrder(
            TASK_PLAN_RELEASE,
            TASK_ASSESS_RISK,
            TASK_CUT_RELEASE_CANDIDATE,
            CALL_ACTIVITY_DEPLOY_TO_STAGING,
            TASK_VERIFY_RELEASE_CANDIDATE,
            TASK_APPROVE_AUTOMATICALLY,
            CALL_ACTIVITY_DEPLOY_TO_PRODUCTION,
            TASK_TAG_RELEASE,
            TASK_COMPILE_RELEASE_NOTES,
            TASK_HOLD_RETROSPECTIVE,
            EVENT_RELEASE_COMPLETED);
  }

  @Test
  void qaSeesTheCandidatesCommitAndCannotChangeWhatShips() {
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    release.plan(pi, "small");
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.allTeamsReady(pi);
    release.execute(pi, READY_TO_VERIFICATION);
    var otherCommit = new java.util.HashMap<String, Object>(ReleaseDriver.qaPassed());
    otherCommit.put(CANDIDATE_COMMIT.getName(), "0123456789abcdef0123456789abcdef01234567");

    assertThatThrownBy(
            () -> release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, otherCommit))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Commit (full sha) is read-only");
    assertThat(pi).isWaitingAt(TASK_VERIFY_RELEASE_CANDIDATE);

    // Tasklist sends the read-only field back as it shows it
    var asShown = new java.util.HashMap<String, Object>(ReleaseDriver.qaPassed());
    asShown.put(CANDIDATE_COMMIT.getName(), CANDIDATE_SHA);
    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, asShown);
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);
    release.execute(pi, APPROVED_TO_OBSERVATION);
    var deployed = ArgumentCaptor.forClass(DeploymentRequest.class);
    verify(setup.target, times(2)).deploy(deployed.capture());
    assertThat(deployed.getValue().environment()).isEqualTo("production");
    assertThat(deployed.getValue().commit()).isEqualTo(CANDIDATE_SHA);
  }

  @Test
  void releaseNotesAreStoredWithTheRelease() {
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    release.plan(pi, "small");
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.allTeamsReady(pi);
    release.execute(pi, READY_TO_VERIFICATION);
    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);
    release.execute(pi, APPROVED_TO_OBSERVATION);

    FileValue notes =
        runtimeService().getVariableTyped(pi.getId(), ReleaseProcess.Variables.RELEASE_NOTES);
    assertThat(notes.getFilename()).isEqualTo("release-notes-payments-2.4.0.md");
    assertThat(notes.getMimeType()).isEqualTo("text/markdown");
    assertThat(new String(ReleaseDriver.bytes(notes), StandardCharsets.UTF_8))
        .startsWith("# payments 2.4.0")
        .contains(
            "New checkout flow",
            "Risk: low",
            "automatic, by Risk rule Rule_Routine",
            "Regression suite green");
  }

  @Test
  void mediumRiskReleaseNeedsAnotherReleaseManager() {
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    release.plan(pi, "large");
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.allTeamsReady(pi);
    release.execute(pi, READY_TO_VERIFICATION);
    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);

    assertThat(pi).variables().containsEntry(RISK_LEVEL.getName(), "medium");
    assertThat(pi)
        .isWaitingAt(TASK_APPROVE_AS_RELEASE_MANAGER)
        .task()
        .hasCandidateGroup("release-managers");
    release.completeAs("paula", pi, TASK_APPROVE_AS_RELEASE_MANAGER, ReleaseDriver.approve());
    release.execute(pi, TASK_APPROVE_AS_RELEASE_MANAGER);
    release.execute(pi, APPROVED_TO_OBSERVATION);

    assertThat(pi).variables().containsEntry(APPROVED_BY.getName(), "paula");
    assertThat(pi)
        .hasPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
  }

  @Test
  void requesterCanNeitherClaimNorCompleteTheApprovalOfTheirOwnRelease() {
    ProcessInstance pi = release.toApproval("large");

    assertThatThrownBy(() -> release.claimAs("rita", pi, TASK_APPROVE_AS_RELEASE_MANAGER))
        .isInstanceOf(FourEyesViolationException.class)
        .hasMessageContaining(
            "Four-eyes rule: rita requested payments@2.4.0 and cannot approve it");
    assertThatThrownBy(
            () ->
                release.completeAs(
                    "rita", pi, TASK_APPROVE_AS_RELEASE_MANAGER, ReleaseDriver.approve()))
        .isInstanceOf(FourEyesViolationException.class);

    // nothing changed: the approval still waits, unclaimed and undecided
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_RELEASE_MANAGER).task().isNotAssigned();
    assertThat(pi).variables().doesNotContainKey(APPROVAL_DECISION.getName());
  }

  @Test
  void highRiskReleaseNeedsTwoDifferentCabMembers() {
    ProcessInstance pi =
        release.toApproval(
            "medium",
            Map.of(HAS_DATABASE_MIGRATIONS.getName(), true, CUSTOMER_FACING.getName(), true));
    assertThat(pi).variables().containsEntry(RISK_LEVEL.getName(), "high");
    assertThat(release.openTasks(pi, TASK_APPROVE_AS_CAB_MEMBER))
        .hasSize(2)
        .allSatisfy(task -> assertThat(task).hasCandidateGroup("cab"));

    release.completeAs("carol", pi, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.approve());
    assertThatThrownBy(
            () ->
                release.completeAs(
                    "carol", pi, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.approve()))
        .isInstanceOf(FourEyesViolationException.class)
        .hasMessageContaining("carol has already approved payments@2.4.0");
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_CAB_MEMBER);

    release.completeAs("chris", pi, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.approve());
    release.execute(pi, TASK_APPROVE_AS_CAB_MEMBER);
    release.execute(pi, APPROVED_TO_OBSERVATION);
    assertThat(pi).variables().containsEntry(APPROVED_BY.getName(), "carol, chris");
    assertThat(pi).hasPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION);
  }

  @Test
  void oneCabMemberCannotHoldBothApprovals() {
    ProcessInstance pi = release.toApproval("large", Map.of(CUSTOMER_FACING.getName(), true));
    release.claimAs("carol", pi, TASK_APPROVE_AS_CAB_MEMBER);

    assertThatThrownBy(() -> release.claimAs("carol", pi, TASK_APPROVE_AS_CAB_MEMBER))
        .isInstanceOf(FourEyesViolationException.class)
        .hasMessageContaining("carol already holds another approval");
  }

  @Test
  void aRejectionSendsTheReleaseBackToPlanningWithItsReason() {
    ProcessInstance pi = release.toApproval("large", Map.of(CUSTOMER_FACING.getName(), true));

    // a rejection needs a reason
    assertThatThrownBy(
            () ->
                release.completeAs(
                    "carol", pi, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.reject("")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("A rejection needs a reason");

    release.completeAs(
        "carol",
        pi,
        TASK_APPROVE_AS_CAB_MEMBER,
        ReleaseDriver.reject("Not during the sale weekend"));
    release.execute(pi, TASK_APPROVE_AS_CAB_MEMBER, EVENT_ANNOUNCE_REJECTED, TASK_PROPOSE_VERSION);

    assertThat(pi).isWaitingAt(TASK_PLAN_RELEASE);
    assertThat(release.openTasks(pi, TASK_APPROVE_AS_CAB_MEMBER)).isEmpty();
    assertThat(pi)
        .variables()
        .containsEntry(REJECTION_REASON.getName(), "Not during the sale weekend")
        .containsEntry(REJECTED_BY.getName(), "carol");

    // the next approval round starts afresh: carol may approve the new plan
    release.plan(pi, "large");
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.allTeamsReady(pi);
    release.execute(pi, READY_TO_VERIFICATION);
    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);
    release.completeAs("carol", pi, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.approve());
    release.completeAs("chris", pi, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.approve());
    release.execute(pi, TASK_APPROVE_AS_CAB_MEMBER);
    release.execute(pi, APPROVED_TO_OBSERVATION);
    assertThat(pi).hasPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION);
  }

  @Test
  void teamsThatAreNotReadySendThePlanBack() {
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    release.plan(pi, "small");
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.completeAs(
        "devon",
        pi,
        TASK_CONFIRM_DEVELOPMENT_READINESS,
        Map.of(
            DEVELOPMENT_READINESS.getName(),
            "not-ready",
            DEVELOPMENT_NOTES.getName(),
            "Payment provider SDK not merged"));
    release.execute(pi, TASK_CONFIRM_DEVELOPMENT_READINESS);
    release.completeAs(
        "quinn", pi, TASK_CONFIRM_QA_READINESS, Map.of(QA_READINESS.getName(), "ready"));
    release.execute(pi, TASK_CONFIRM_QA_READINESS);
    release.completeAs(
        "otto",
        pi,
        TASK_CONFIRM_OPERATIONS_READINESS,
        Map.of(OPERATIONS_READINESS.getName(), "ready"));
    release.execute(pi, TASK_CONFIRM_OPERATIONS_READINESS, TASK_PROPOSE_VERSION);

    assertThat(pi).isWaitingAt(TASK_PLAN_RELEASE);
    assertThat(pi)
        .variables()
        .containsEntry(DEVELOPMENT_NOTES.getName(), "Payment provider SDK not merged");

    // the teams answer the new plan from blank forms
    release.plan(pi, "small");
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    assertThat(pi)
        .variables()
        .doesNotContainKeys(
            DEVELOPMENT_READINESS.getName(),
            QA_READINESS.getName(),
            OPERATIONS_READINESS.getName());
  }

  @Test
  void aFailedCandidateGoesToTheDevelopersAndANewCandidateIsVerified() {
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    release.plan(pi, "small");
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.allTeamsReady(pi);
    release.execute(pi, READY_TO_VERIFICATION);

    release.completeAs(
        "quinn",
        pi,
        TASK_VERIFY_RELEASE_CANDIDATE,
        Map.of(
            QA_RESULT.getName(),
            "fail",
            DEFECTS_FOUND.getName(),
            2,
            TEST_SUMMARY.getName(),
            "Refunds fail for EUR"));
    release.execute(pi, TASK_VERIFY_RELEASE_CANDIDATE);
    assertThat(pi).isWaitingAt(TASK_FIX_DEFECTS).task().hasCandidateGroup("developers");
    release.completeAs(
        "devon", pi, TASK_FIX_DEFECTS, Map.of(FIX_SUMMARY.getName(), "Currency rounding fixed"));
    release.execute(
        pi,
        TASK_FIX_DEFECTS,
        TASK_CUT_RELEASE_CANDIDATE,
        EVENT_ANNOUNCE_DEPLOYING,
        TASK_DEPLOY,
        TASK_VERIFY_HEALTH,
        EVENT_ANNOUNCE_DEPLOYED,
        EVENT_NO_RESULTS_IN_TIME);

    assertThat(pi).isWaitingAt(TASK_VERIFY_RELEASE_CANDIDATE);
    assertThat(pi)
        .variables()
        .containsEntry(CANDIDATE_VERSION.getName(), "2.4.0-rc.2")
        .containsEntry(FIX_SUMMARY.getName(), "Currency rounding fixed")
        .doesNotContainKeys(QA_RESULT.getName(), TEST_SUMMARY.getName());
  }

  @Test
  void aFailedStagingDeploymentGoesToTheDevelopers() {
    when(setup.healthCheck.check(any()))
        .thenReturn(new HealthCheck.Report(false, "GET /health answered 503"));
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    release.plan(pi, "small");
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.allTeamsReady(pi);
    release.execute(
        pi,
        TASK_CONFIRM_DEVELOPMENT_READINESS,
        TASK_CONFIRM_QA_READINESS,
        TASK_CONFIRM_OPERATIONS_READINESS,
        TASK_CUT_RELEASE_CANDIDATE,
        EVENT_ANNOUNCE_DEPLOYING,
        TASK_DEPLOY,
        TASK_VERIFY_HEALTH,
        EVENT_ANNOUNCE_DEPLOYMENT_FAILED,
        TASK_ROLL_BACK,
        EVENT_ANNOUNCE_ROLLED_BACK);

    // operations are told about the failed staging deployment and the roll-back
    release.completeAs(
        "otto",
        pi,
        DeploymentProcess.Elements.TASK_REVIEW_FAILED_DEPLOYMENT,
        Map.of(
            DeploymentProcess.Variables.ROLLBACK_CONFIRMED.getName(),
            true,
            DeploymentProcess.Variables.FAILURE_REVIEW_NOTES.getName(),
            "Config missing on staging"));

    assertThat(pi).isWaitingAt(TASK_FIX_DEFECTS);
    assertThat((String) runtimeService().getVariable(pi.getId(), DEPLOYMENT_FAILURE.getName()))
        .contains("Health check of staging failed", "503");
  }

  @Test
  void aFailedProductionDeploymentIsRolledBackAndOperationsAreTold() {
    URI production = URI.create("https://payments.example.com/health");
    when(setup.targets.healthUrl("production")).thenReturn(production);
    when(setup.healthCheck.check(production))
        .thenReturn(new HealthCheck.Report(false, "GET /health answered 500"));

    // approved by the rules, deployed to production, and there the health check fails
    ProcessInstance pi = release.toApproval("small");

    ProcessInstance deployment = calledProcessInstance(DeploymentProcess.KEY, pi);
    assertThat(deployment)
        .isWaitingAt(DeploymentProcess.Elements.TASK_REVIEW_FAILED_DEPLOYMENT)
        .task()
        .hasCandidateGroup("operations");
    verify(setup.target).rollBack(any());
    release.completeAs(
        "otto",
        pi,
        DeploymentProcess.Elements.TASK_REVIEW_FAILED_DEPLOYMENT,
        Map.of(
            DeploymentProcess.Variables.ROLLBACK_CONFIRMED.getName(),
            true,
            DeploymentProcess.Variables.FAILURE_REVIEW_NOTES.getName(),
            "Database pool exhausted"));

    assertThat(pi)
        .isEnded()
        .hasPassed(EVENT_RELEASE_ROLLED_BACK)
        .hasNotPassed(TASK_COMPILE_RELEASE_NOTES);
    assertThat(
            historyService()
                .createHistoricVariableInstanceQuery()
                .processInstanceId(pi.getId())
                .variableName(DEPLOYMENT_FAILURE.getName())
                .singleResult()
                .getValue()
                .toString())
        .contains("Health check of production failed");
  }

  @Test
  void aHotfixSkipsCoordination() {
    ProcessInstance pi =
        release.request(
            ReleaseDriver.requestValues(
                Map.of(RELEASE_TYPE.getName(), "hotfix", VERSION.getName(), "2.3.1")));
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    release.plan(pi, "small");
    release.execute(
        pi,
        TASK_PLAN_RELEASE,
        EVENT_ANNOUNCE_PLANNED,
        TASK_CUT_RELEASE_CANDIDATE,
        EVENT_ANNOUNCE_DEPLOYING,
        TASK_DEPLOY,
        TASK_VERIFY_HEALTH,
        EVENT_ANNOUNCE_DEPLOYED,
        EVENT_NO_RESULTS_IN_TIME);

    assertThat(pi)
        .isWaitingAt(TASK_VERIFY_RELEASE_CANDIDATE)
        .hasNotPassed(
            TASK_CONFIRM_DEVELOPMENT_READINESS,
            TASK_CONFIRM_QA_READINESS,
            TASK_CONFIRM_OPERATIONS_READINESS);
    // hotfixes skip coordination, so a release manager approves them
    assertThat(pi).variables().containsEntry(RISK_LEVEL.getName(), "medium");
  }

  @Test
  void aReleaseApprovedInAFreezeWindowWaitsUntilItEndsAndThenGoesToProduction() {
    // FreezeWindowProcessTest has more: recurring windows, windows that follow each other
    Instant now = Instant.now();
    freezeWindow("holidays", "Holidays", now.minusSeconds(60), now.plus(Duration.ofDays(2)));

    ProcessInstance pi = release.toApproval("small");

    assertThat(pi)
        .isWaitingAt(EVENT_FREEZE_WINDOW_OVER)
        .hasNotPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION);
    assertThat(pi).variables().containsEntry(FREEZE_REASON.getName(), "Holidays");
    ClockUtil.setCurrentTime(Date.from(now.plus(Duration.ofDays(2)).plusSeconds(1)));
    try {
      release.execute(
          pi,
          EVENT_FREEZE_WINDOW_OVER,
          EVENT_ANNOUNCE_DEPLOYING,
          TASK_DEPLOY,
          TASK_VERIFY_HEALTH,
          EVENT_ANNOUNCE_DEPLOYED,
          TASK_TAG_RELEASE);
    } finally {
      ClockUtil.reset();
    }
    assertThat(pi)
        .hasPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        TASK_PLAN_RELEASE,
        TASK_CONFIRM_QA_READINESS,
        CALL_ACTIVITY_DEPLOY_TO_STAGING,
        TASK_APPROVE_AS_RELEASE_MANAGER,
        EVENT_OBSERVATION_PERIOD_OVER
      })
  void aReleaseCanBeCancelledInAnyPhase(String phase) {
    ProcessInstance pi = release.driveTo(phase);

    release.cancelAs("rita", pi, "Superseded by 2.5.0");
    release.execute(pi, EVENT_ANNOUNCE_CANCELLED);

    assertThat(pi).isEnded().hasPassed(EVENT_RELEASE_CANCELLED);
    assertThat(pi)
        .variables()
        .containsEntry(CANCELLATION_REASON.getName(), "Superseded by 2.5.0")
        .containsEntry(CANCELLED_BY.getName(), "rita");
    assertThat(
            runtimeService()
                .createProcessInstanceQuery()
                .processInstanceBusinessKey("payments@2.4.0")
                .count())
        .as("no deployment of the release runs on")
        .isZero();
  }

  @Test
  void aCancellationWithoutReasonIsRefusedAndTheReleaseGoesOn() {
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);

    assertThatThrownBy(() -> release.cancelAs("rita", pi, " "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("needs a reason");
    assertThat(pi).isWaitingAt(TASK_PLAN_RELEASE);
  }

  @Test
  void aBadRequestIsRefusedWithEveryProblemNamed() {
    assertThatThrownBy(
            () ->
                release.request(
                    ReleaseDriver.requestValues(
                        Map.of(VERSION.getName(), "2.4", SERVICE.getName(), "Payments"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Version '2.4' is not a semantic version")
        .hasMessageContaining("Service 'Payments' must be lower case");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void aReleaseThatIsUnderWayCannotBeRequestedTwice() {
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);

    assertThatThrownBy(() -> release.request(ReleaseDriver.requestValues()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("Release payments@2.4.0 is already under way");
  }

  @Test
  void planningChecksTheChangedVersionAndRenamesTheRelease() {
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);

    assertThatThrownBy(
            () ->
                release.completeAs(
                    "rita", pi, TASK_PLAN_RELEASE, Map.of(CHANGE_SIZE.getName(), "huge")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Size of change must be");
    release.completeAs(
        "rita",
        pi,
        TASK_PLAN_RELEASE,
        Map.of(CHANGE_SIZE.getName(), "small", VERSION.getName(), "2.5.0"));
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);

    assertThat(
            runtimeService()
                .createProcessInstanceQuery()
                .processInstanceId(pi.getId())
                .singleResult()
                .getBusinessKey())
        .isEqualTo("payments@2.5.0");
  }

  // dependencies, before production

  /** Plans a release with these dependencies and takes it through QA; low risk, so the rules approve it. */
  ProcessInstance approvedWithDependencies(Map<String, Object> request, String dependencies) {
    ProcessInstance pi = release.request(ReleaseDriver.requestValues(request));
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    release.completeAs(
        "rita",
        pi,
        TASK_PLAN_RELEASE,
        Map.of(CHANGE_SIZE.getName(), "small", DEPENDENCIES.getName(), dependencies));
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.allTeamsReady(pi);
    release.execute(pi, READY_TO_VERIFICATION);
    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi,
        TASK_VERIFY_RELEASE_CANDIDATE,
        TASK_DRAFT_RELEASE_NOTES,
        EVENT_ASK_FOR_APPROVAL,
        EVENT_ANNOUNCE_APPROVED,
        TASK_CHECK_DEPENDENCIES);
    return pi;
  }

  /** A release of checkout, approved by the rules and deployed to production. */
  ProcessInstance checkoutInProduction(String version) {
    return release.toApproval(
        "small", Map.of(SERVICE.getName(), "checkout", VERSION.getName(), version));
  }

  String missing(ProcessInstance pi) {
    return MISSING_DEPENDENCIES.from(runtimeService(), pi.getId()).get();
  }

  @Test
  void aReleaseWaitsForItsDependencyAndMovesOnByItselfOnceAVersionThatSatisfiesItIsInProduction() {
    // given payments needs checkout 3.1.0 or later, of which nothing is in production
    ProcessInstance payments = approvedWithDependencies(Map.of(), " checkout >=  3.1.0 ");
    assertThat(payments).variables().containsEntry(DEPENDENCIES.getName(), "checkout >= 3.1.0");

    // then it waits before production, for release managers to see
    assertThat(payments)
        .hasPassed(TASK_CHECK_DEPENDENCIES)
        .isWaitingAt(TASK_WAIT_FOR_DEPENDENCIES)
        .task()
        .hasCandidateGroup("release-managers");
    assertThat(missing(payments))
        .isEqualTo("- **checkout >= 3.1.0**: no release of checkout has reached production yet");
    verify(setup.target, times(1)).deploy(any()); // staging only

    // when checkout 3.0.0 reaches production, payments checks again and still waits
    ProcessInstance checkout300 = checkoutInProduction("3.0.0");
    assertThat(checkout300).hasPassed(EVENT_VERSION_IN_PRODUCTION);
    assertThat(payments).isWaitingAt(TASK_WAIT_FOR_DEPENDENCIES);
    assertThat(missing(payments)).isEqualTo("- **checkout >= 3.1.0**: in production so far: 3.0.0");

    // when checkout 3.1.0 reaches production, payments goes there too, by itself
    checkoutInProduction("3.1.0");
    assertThat(payments)
        .hasPassedInOrder(
            TASK_WAIT_FOR_DEPENDENCIES,
            EVENT_DEPENDENCY_IN_PRODUCTION,
            TASK_CHECK_DEPENDENCIES,
            CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
    assertThat(payments)
        .variables()
        .containsEntry(MISSING_DEPENDENCIES.getName(), "")
        .containsEntry(GO_ON_WITHOUT_DEPENDENCIES.getName(), false);
    var deployed = ArgumentCaptor.forClass(DeploymentRequest.class);
    verify(setup.target, times(6)).deploy(deployed.capture());
    assertThat(deployed.getValue().releaseKey()).isEqualTo("payments@2.4.0");
  }

  @Test
  void aDependencyAlreadyInProductionLetsTheReleaseThroughWithoutWaiting() {
    checkoutInProduction("3.1.0");

    ProcessInstance payments = approvedWithDependencies(Map.of(), "checkout ^3.0.0");
    release.execute(
        payments,
        EVENT_ANNOUNCE_DEPLOYING,
        TASK_DEPLOY,
        TASK_VERIFY_HEALTH,
        EVENT_ANNOUNCE_DEPLOYED,
        TASK_TAG_RELEASE);

    assertThat(payments)
        .hasPassed(TASK_CHECK_DEPENDENCIES, CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .hasNotPassed(TASK_WAIT_FOR_DEPENDENCIES)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
  }

  @Test
  void aVersionWhoseProductionDeploymentWasRolledBackIsNotInProduction() {
    URI production = URI.create("https://checkout.example.com/health");
    when(setup.targets.healthUrl("production")).thenReturn(production);
    when(setup.healthCheck.check(production))
        .thenReturn(new HealthCheck.Report(false, "GET /health answered 500"));
    ProcessInstance checkout = checkoutInProduction("3.1.0");
    release.completeAs(
        "otto",
        checkout,
        DeploymentProcess.Elements.TASK_REVIEW_FAILED_DEPLOYMENT,
        Map.of(
            DeploymentProcess.Variables.ROLLBACK_CONFIRMED.getName(),
            true,
            DeploymentProcess.Variables.FAILURE_REVIEW_NOTES.getName(),
            "Pool exhausted"));
    assertThat(checkout).isEnded().hasPassed(EVENT_RELEASE_ROLLED_BACK);

    ProcessInstance payments = approvedWithDependencies(Map.of(), "checkout >=3.1.0");

    assertThat(payments).isWaitingAt(TASK_WAIT_FOR_DEPENDENCIES);
    assertThat(missing(payments)).contains("no release of checkout has reached production yet");
  }

  @Test
  void aReleaseManagerMayGoOnWithoutTheDependenciesWithAJustificationThatIsRecorded() {
    ProcessInstance payments =
        approvedWithDependencies(Map.of(), "checkout >= 3.1.0, search ~1.4.0");
    assertThat(missing(payments)).contains("- **checkout >= 3.1.0**", "- **search ~1.4.0**");

    // completing the task without the decision, or without a justification, changes nothing
    assertThatThrownBy(
            () ->
                release.completeAs(
                    "paula",
                    payments,
                    TASK_WAIT_FOR_DEPENDENCIES,
                    Map.of(
                        GO_ON_WITHOUT_DEPENDENCIES.getName(),
                        false,
                        DEPENDENCIES_JUSTIFICATION.getName(),
                        "Hurry")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("confirm 'Go on without them'");
    assertThatThrownBy(
            () ->
                release.completeAs(
                    "paula",
                    payments,
                    TASK_WAIT_FOR_DEPENDENCIES,
                    Map.of(
                        GO_ON_WITHOUT_DEPENDENCIES.getName(),
                        true,
                        DEPENDENCIES_JUSTIFICATION.getName(),
                        " ")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Justification is required");
    assertThat(payments).isWaitingAt(TASK_WAIT_FOR_DEPENDENCIES);

    release.completeAs(
        "paula",
        payments,
        TASK_WAIT_FOR_DEPENDENCIES,
        Map.of(
            GO_ON_WITHOUT_DEPENDENCIES.getName(),
            true,
            DEPENDENCIES_JUSTIFICATION.getName(),
            "The new checkout is behind a feature flag"));
    release.execute(
        payments,
        TASK_WAIT_FOR_DEPENDENCIES,
        TASK_CHECK_DEPENDENCIES,
        EVENT_ANNOUNCE_DEPLOYING,
        TASK_DEPLOY,
        TASK_VERIFY_HEALTH,
        EVENT_ANNOUNCE_DEPLOYED,
        TASK_TAG_RELEASE);

    assertThat(payments)
        .hasPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
    assertThat(payments)
        .variables()
        .containsEntry(WENT_ON_WITHOUT_DEPENDENCIES_BY.getName(), "paula")
        .containsEntry(
            DEPENDENCIES_JUSTIFICATION.getName(), "The new checkout is behind a feature flag");
  }

  @Test
  void aReleaseWaitingForItsDependenciesCanBeCancelled() {
    ProcessInstance payments = approvedWithDependencies(Map.of(), "checkout >= 3.1.0");

    release.cancelAs("rita", payments, "Checkout 3.1 slipped to next quarter");
    release.execute(payments, EVENT_ANNOUNCE_CANCELLED);

    assertThat(payments).isEnded().hasPassed(EVENT_RELEASE_CANCELLED);
  }

  @Test
  void badDependenciesAreRefusedNamingEachEntryAndTheRuleAndThePlanStaysOpen() {
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);

    assertThatThrownBy(
            () ->
                release.completeAs(
                    "rita",
                    pi,
                    TASK_PLAN_RELEASE,
                    Map.of(
                        CHANGE_SIZE.getName(),
                        "small",
                        DEPENDENCIES.getName(),
                        "ledger >= 1.7.0, payments ^2.0.0, checkout soon")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "Dependency 'ledger >= 1.7.0': Service 'ledger' is not in the service catalog")
        .hasMessageContaining("Dependency 'payments ^2.0.0': a service is not its own dependency")
        .hasMessageContaining("Dependency 'checkout soon': 'soon' is not a version range");

    assertThat(pi).isWaitingAt(TASK_PLAN_RELEASE);
    assertThat(pi).variables().doesNotContainKey(DEPENDENCIES.getName());
  }

  // the proposal at planning

  @Test
  void aPlanThatComesBackShowsWhatTheRepositoryProposesNow() {
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    assertThat(pi).variables().containsEntry(PROPOSED_VERSION.getName(), "2.4.0");
    release.plan(pi, "small");
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);

    // meanwhile a breaking change lands; the teams are not ready
    when(setup.proposals.propose(any()))
        .thenReturn(
            NextVersion.propose(
                Semver.parse("2.3.0"),
                List.of(
                    new Change(
                        "d4e5f6a",
                        ConventionalCommit.parse("feat!: card tokens replace card numbers"))),
                Semver.parse("1.0.0")));
    release.completeAs(
        "devon",
        pi,
        TASK_CONFIRM_DEVELOPMENT_READINESS,
        Map.of(
            DEVELOPMENT_READINESS.getName(),
            "not-ready",
            DEVELOPMENT_NOTES.getName(),
            "Tokens first"));
    release.execute(pi, TASK_CONFIRM_DEVELOPMENT_READINESS);
    release.completeAs(
        "quinn", pi, TASK_CONFIRM_QA_READINESS, Map.of(QA_READINESS.getName(), "ready"));
    release.execute(pi, TASK_CONFIRM_QA_READINESS);
    release.completeAs(
        "otto",
        pi,
        TASK_CONFIRM_OPERATIONS_READINESS,
        Map.of(OPERATIONS_READINESS.getName(), "ready"));
    release.execute(pi, TASK_CONFIRM_OPERATIONS_READINESS, TASK_PROPOSE_VERSION);

    assertThat(pi).isWaitingAt(TASK_PLAN_RELEASE);
    assertThat(
            historyService()
                .createHistoricActivityInstanceQuery()
                .processInstanceId(pi.getId())
                .activityId(TASK_PROPOSE_VERSION)
                .count())
        .isEqualTo(2);
    assertThat(pi).variables().containsEntry(PROPOSED_VERSION.getName(), "3.0.0");
    assertThat(VERSION_REASON.from(runtimeService(), pi.getId()).get())
        .contains("A major version", "`d4e5f6a` feat!: card tokens replace card numbers");
  }

  @Test
  void withNothingChangedSinceTheLastReleaseTheReleaseManagerDecidesToReleaseAnyway() {
    when(setup.proposals.propose(any()))
        .thenReturn(NextVersion.propose(Semver.parse("2.3.0"), List.of(), Semver.parse("1.0.0")));
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    assertThat(pi).variables().containsEntry(NOTHING_CHANGED.getName(), true);
    assertThat(VERSION_REASON.from(runtimeService(), pi.getId()).get())
        .startsWith(
            "**Nothing changed since the last release 2.3.0** (tag `v2.3.0`): no commits. Cancel the "
                + "release, or release anyway");

    assertThatThrownBy(() -> release.plan(pi, "small"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("No commits since the last release 2.3.0: confirm 'Release anyway'");
    assertThat(pi).isWaitingAt(TASK_PLAN_RELEASE);

    release.completeAs(
        "rita",
        pi,
        TASK_PLAN_RELEASE,
        Map.of(CHANGE_SIZE.getName(), "small", RELEASE_ANYWAY.getName(), true));
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    assertThat(pi).hasPassed(TASK_PLAN_RELEASE);
  }

  @Test
  void anEmergencyExceptionApprovedByAnotherReleaseManagerDeploysAHotfixBeforeTheFreezeEnds() {
    ProcessInstance pi = hotfixInAFreezeWindow();
    assertThat(pi)
        .isWaitingAt(GATEWAY_WINDOW_OVER_OR_EXCEPTION)
        .hasNotPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION);

    // Rita, who requested the hotfix, asks for an exception; Paula approves it
    askForException(pi, "rita", "Card payments fail for every Visa customer");
    assertThat(pi)
        .isWaitingAt(TASK_APPROVE_EMERGENCY_EXCEPTION)
        .task()
        .hasCandidateGroup("release-managers");
    release.completeAs(
        "paula",
        pi,
        TASK_APPROVE_EMERGENCY_EXCEPTION,
        Map.of(DECISION.getName(), "approve", COMMENT.getName(), "Outage beats the freeze"));
    release.execute(
        pi,
        TASK_APPROVE_EMERGENCY_EXCEPTION,
        EVENT_ANNOUNCE_DEPLOYING,
        TASK_DEPLOY,
        TASK_VERIFY_HEALTH,
        EVENT_ANNOUNCE_DEPLOYED,
        TASK_TAG_RELEASE);

    // the hotfix goes to production now, days before the window ends, and it is on record who let
    // it and why
    assertThat(pi)
        .hasPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
    assertThat(pi)
        .variables()
        .containsEntry(FREEZE_EXCEPTION_APPROVED.getName(), true)
        .containsEntry(FREEZE_EXCEPTION_DECIDED_BY.getName(), "paula")
        .containsEntry(FREEZE_EXCEPTION_COMMENT.getName(), "Outage beats the freeze")
        .containsEntry(FREEZE_EXCEPTION_REQUESTED_BY.getName(), "rita")
        .containsEntry(
            FREEZE_EXCEPTION_JUSTIFICATION.getName(), "Card payments fail for every Visa customer");
    var deployed = ArgumentCaptor.forClass(DeploymentRequest.class);
    verify(setup.target, times(2)).deploy(deployed.capture());
    assertThat(deployed.getValue().environment()).isEqualTo("production");
  }

  @Test
  void aRejectedEmergencyExceptionLeavesTheHotfixWaitingUntilTheFreezeEnds() {
    ProcessInstance pi = hotfixInAFreezeWindow();
    askForException(pi, "rita", "Customers see wrong prices");

    // a rejection needs a reason
    assertThatThrownBy(
            () ->
                release.completeAs(
                    "paula",
                    pi,
                    TASK_APPROVE_EMERGENCY_EXCEPTION,
                    Map.of(DECISION.getName(), "reject", COMMENT.getName(), " ")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("needs a reason");
    release.completeAs(
        "paula",
        pi,
        TASK_APPROVE_EMERGENCY_EXCEPTION,
        Map.of(
            DECISION.getName(),
            "reject",
            COMMENT.getName(),
            "Prices are wrong only in the staging catalogue"));
    release.execute(pi, TASK_APPROVE_EMERGENCY_EXCEPTION);

    // it waits again, for the window's end or a new request
    assertThat(pi)
        .isWaitingAt(GATEWAY_WINDOW_OVER_OR_EXCEPTION)
        .hasNotPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION);
    assertThat(pi)
        .variables()
        .containsEntry(FREEZE_EXCEPTION_APPROVED.getName(), false)
        .containsEntry(FREEZE_EXCEPTION_DECIDED_BY.getName(), "paula")
        .containsEntry(
            FREEZE_EXCEPTION_COMMENT.getName(), "Prices are wrong only in the staging catalogue")
        .doesNotContainKey(FREEZE_EXCEPTION_JUSTIFICATION.getName());
    verify(setup.target, times(1)).deploy(any());

    // when the window ends, it deploys by itself
    ClockUtil.setCurrentTime(Date.from(freezeEnd.plusSeconds(1)));
    try {
      release.execute(
          pi,
          EVENT_HOTFIX_FREEZE_WINDOW_OVER,
          EVENT_ANNOUNCE_DEPLOYING,
          TASK_DEPLOY,
          TASK_VERIFY_HEALTH,
          EVENT_ANNOUNCE_DEPLOYED,
          TASK_TAG_RELEASE);
    } finally {
      ClockUtil.reset();
    }
    assertThat(pi)
        .hasPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
  }

  @Test
  void neitherTheRequesterNorWhoAskedMayApproveAnEmergencyException() {
    // Rita requested the hotfix; Paula asks for the exception
    ProcessInstance pi = hotfixInAFreezeWindow();
    askForException(pi, "paula", "Checkout is down");

    assertThatThrownBy(() -> release.claimAs("rita", pi, TASK_APPROVE_EMERGENCY_EXCEPTION))
        .isInstanceOf(FourEyesViolationException.class)
        .hasMessageContaining(
            "Four-eyes rule: rita requested payments@2.3.1 and cannot approve it");
    assertThatThrownBy(
            () ->
                release.completeAs(
                    "rita",
                    pi,
                    TASK_APPROVE_EMERGENCY_EXCEPTION,
                    Map.of(DECISION.getName(), "approve")))
        .isInstanceOf(FourEyesViolationException.class);
    assertThatThrownBy(
            () ->
                release.completeAs(
                    "paula",
                    pi,
                    TASK_APPROVE_EMERGENCY_EXCEPTION,
                    Map.of(DECISION.getName(), "approve")))
        .isInstanceOf(FourEyesViolationException.class)
        .hasMessageContaining(
            "Four-eyes rule: paula asked for the emergency exception of payments@2.3.1 and cannot "
                + "approve it");

    // nothing changed, and the refusals are on record
    assertThat(pi).isWaitingAt(TASK_APPROVE_EMERGENCY_EXCEPTION).task().isNotAssigned();
    assertThat(pi).variables().containsEntry(FREEZE_EXCEPTION_APPROVED.getName(), false);
    var task = release.openTasks(pi, TASK_APPROVE_EMERGENCY_EXCEPTION).get(0);
    assertThat(engine.getTaskService().getTaskComments(task.getId()))
        .extracting(comment -> comment.getFullMessage())
        .anySatisfy(
            text -> assertThat(text).startsWith("Refused (attempt by rita): Four-eyes rule"))
        .anySatisfy(
            text -> assertThat(text).startsWith("Refused (attempt by paula): Four-eyes rule"));
  }

  @Test
  void anEmergencyExceptionIsAskedForOnlyWithAJustification() {
    ProcessInstance pi = hotfixInAFreezeWindow();

    // a message without the request's details, as a person could send it through the engine's REST
    // API
    assertThatThrownBy(
            () ->
                runtimeService()
                    .createMessageCorrelation(ReleaseProcess.MESSAGE_EMERGENCY_EXCEPTION_REQUESTED)
                    .processInstanceId(pi.getId())
                    .correlateWithResult())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("/api/releases/payments@2.3.1/freeze-exception");

    assertThat(pi).isWaitingAt(GATEWAY_WINDOW_OVER_OR_EXCEPTION);
  }

  @Test
  void aRegularReleaseCannotAskForAnEmergencyException() {
    Instant now = Instant.now();
    freezeWindow("holidays", "Holidays", now.minusSeconds(60), now.plus(Duration.ofDays(2)));
    ProcessInstance pi = release.toApproval("small");
    assertThat(pi).isWaitingAt(EVENT_FREEZE_WINDOW_OVER);

    assertThatThrownBy(() -> askForException(pi, "rita", "We want it out"))
        .isInstanceOf(org.camunda.bpm.engine.MismatchingMessageCorrelationException.class);
    assertThat(pi).isWaitingAt(EVENT_FREEZE_WINDOW_OVER);
  }

  Instant freezeEnd;

  /** Hotfix 2.3.1 of payments, requested by Rita and approved by Paula, waits in the holiday freeze. */
  @Test
  void anEmergencyExceptionWaitingForItsApprovalIsRemindedAndEscalated() {
    ProcessInstance pi = hotfixInAFreezeWindow();
    askForException(pi, "rita", "Card payments fail for every Visa customer");
    assertThat(pi).isWaitingAt(TASK_APPROVE_EMERGENCY_EXCEPTION);

    remindAndEscalate(pi, TASK_APPROVE_EMERGENCY_EXCEPTION);

    assertThat(reminders.notifications().sent())
        .extracting(n -> n.milestone() + " " + n.task())
        .filteredOn(sent -> sent.endsWith(TASK_APPROVE_EMERGENCY_EXCEPTION))
        .containsExactly(
            "reminder Task_ApproveEmergencyException", "escalation Task_ApproveEmergencyException");
  }

  ProcessInstance hotfixInAFreezeWindow() {
    Instant now = Instant.now();
    freezeEnd = now.plus(Duration.ofDays(2));
    freezeWindow("holidays", "Holidays", now.minusSeconds(60), freezeEnd);
    ProcessInstance pi =
        release.request(
            ReleaseDriver.requestValues(
                Map.of(RELEASE_TYPE.getName(), "hotfix", VERSION.getName(), "2.3.1")));
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    release.plan(pi, "small");
    release.execute(
        pi,
        TASK_PLAN_RELEASE,
        EVENT_ANNOUNCE_PLANNED,
        TASK_CUT_RELEASE_CANDIDATE,
        EVENT_ANNOUNCE_DEPLOYING,
        TASK_DEPLOY,
        TASK_VERIFY_HEALTH,
        EVENT_ANNOUNCE_DEPLOYED,
        EVENT_NO_RESULTS_IN_TIME);
    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);
    release.completeAs("paula", pi, TASK_APPROVE_AS_RELEASE_MANAGER, ReleaseDriver.approve());
    release.execute(
        pi, TASK_APPROVE_AS_RELEASE_MANAGER, EVENT_ANNOUNCE_APPROVED, TASK_CHECK_DEPENDENCIES);
    return pi;
  }

  /** What POST /api/releases/{key}/freeze-exception does after its checks: trusted code sends the request. */
  void askForException(ProcessInstance pi, String user, String justification) {
    runtimeService()
        .createMessageCorrelation(ReleaseProcess.MESSAGE_EMERGENCY_EXCEPTION_REQUESTED)
        .processInstanceId(pi.getId())
        .setVariable(FREEZE_EXCEPTION_JUSTIFICATION.getName(), justification)
        .setVariable(FREEZE_EXCEPTION_REQUESTED_BY.getName(), user)
        .correlateWithResult();
    // the request runs to the emergency exception's task in its transaction: no save point follows
    assertThat(release.jobsDue(pi)).isEmpty();
  }

  @Test
  void eachMilestoneIsAnnouncedOnceInTheOrderItHappens() {
    ProcessInstance pi = release.toApproval("small");
    release.observationPeriodPasses(pi);
    release.execute(pi, EVENT_ANNOUNCE_RETROSPECTIVE_DUE);
    release.completeAs(
        "rita",
        pi,
        TASK_HOLD_RETROSPECTIVE,
        Map.of(WENT_WELL.getName(), "Smooth", WENT_BADLY.getName(), "Nothing"));
    release.execute(pi, TASK_START_IMPROVEMENT_ACTIONS, EVENT_ANNOUNCE_COMPLETED);

    assertThat(pi).isEnded();
    assertThat(announcements.milestones())
        .containsExactly(
            "requested",
            "planned",
            "deploying",
            "deployed",
            "approvalNeeded",
            "approved",
            "deploying",
            "deployed",
            "retrospectiveDue",
            "completed");
    assertThat(announcements.occasions())
        .extracting(Occasion::releaseKey)
        .containsOnly("payments@2.4.0");
    assertThat(announcements.occasions()).extracting(Occasion::releaseId).containsOnly(pi.getId());
  }

  @Test
  void rejectionsFailuresAndCancellationsAreAnnouncedToo() {
    URI production = URI.create("https://payments.example.com/health");
    when(setup.targets.healthUrl("production")).thenReturn(production);
    when(setup.healthCheck.check(production))
        .thenReturn(new HealthCheck.Report(false, "GET /health answered 500"));
    ProcessInstance rejected = release.toApproval("large", Map.of(CUSTOMER_FACING.getName(), true));
    release.completeAs(
        "carol", rejected, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.reject("Not this week"));
    release.execute(
        rejected, TASK_APPROVE_AS_CAB_MEMBER, EVENT_ANNOUNCE_REJECTED, TASK_PROPOSE_VERSION);
    assertThat(announcements.milestones()).endsWith("approvalNeeded", "rejected");
    release.cancelAs("rita", rejected, "Superseded");
    release.execute(rejected, EVENT_ANNOUNCE_CANCELLED);
    assertThat(rejected).isEnded();
    assertThat(announcements.milestones()).endsWith("rejected", "cancelled");

    ProcessInstance failed = release.toApproval("small", Map.of(VERSION.getName(), "2.5.0"));
    release.completeAs(
        "otto",
        failed,
        DeploymentProcess.Elements.TASK_REVIEW_FAILED_DEPLOYMENT,
        Map.of(
            DeploymentProcess.Variables.ROLLBACK_CONFIRMED.getName(),
            true,
            DeploymentProcess.Variables.FAILURE_REVIEW_NOTES.getName(),
            "Pool exhausted"));
    assertThat(failed).isEnded().hasPassed(EVENT_RELEASE_ROLLED_BACK);
    assertThat(announcements.milestones())
        .endsWith("approved", "deploying", "deploymentFailed", "rolledBack");
  }

  @Test
  void aNotificationThatCannotBeSentIsRecordedOnTheReleaseWhichGoesOn() {
    doThrow(
            new Notifications.NotificationFailedException(
                "requested of payments@2.4.0: mail to rita@example.com "
                    + "failed: Connection refused"))
        .when(announcements.notifications())
        .announce(any(), any());
    engine.getIdentityService().setAuthentication("rita", List.of("release-managers"));
    ProcessInstance pi =
        runtimeService()
            .startProcessInstanceByKey(ReleaseProcess.KEY, ReleaseDriver.requestValues());
    engine.getIdentityService().clearAuthentication();
    var management = engine.getManagementService();

    // two attempts fail and are retried; the third records the failure and the release goes on
    for (int attempt = 1; attempt <= 2; attempt++) {
      String announcement =
          management
              .createJobQuery()
              .processInstanceId(pi.getId())
              .activityId(EVENT_ANNOUNCE_REQUESTED)
              .singleResult()
              .getId();
      assertThatThrownBy(() -> management.executeJob(announcement))
          .isInstanceOf(Notifications.NotificationFailedException.class);
      assertThat(pi).isWaitingAt(EVENT_ANNOUNCE_REQUESTED);
    }
    management.executeJob(
        management
            .createJobQuery()
            .processInstanceId(pi.getId())
            .activityId(EVENT_ANNOUNCE_REQUESTED)
            .singleResult()
            .getId());
    release.execute(pi, TASK_PROPOSE_VERSION);

    assertThat(pi).isWaitingAt(TASK_PLAN_RELEASE);
    assertThat(runtimeService().createIncidentQuery().processInstanceId(pi.getId()).count())
        .isZero();
    assertThat(NOTIFICATION_FAILURES.from(runtimeService(), pi.getId()).get())
        .contains(
            "requested of payments@2.4.0: mail to rita@example.com failed: Connection refused");
  }

  // --- due dates, reminders and escalation
  // ---------------------------------------------------------------------------

  @Test
  void everyStepIsDueAndItsPeopleAreRemindedThenTheReleaseManagersHearWhenItIsOverdue() {
    // a large customer-facing change: high risk, approved by the CAB
    ProcessInstance pi =
        release.request(ReleaseDriver.requestValues(Map.of(CUSTOMER_FACING.getName(), true)));
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    assertThat(dueIn(openTask(pi, TASK_PLAN_RELEASE))).isEqualTo(Duration.ofDays(1));
    remindAndEscalate(pi, TASK_PLAN_RELEASE);
    release.plan(pi, "large");
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);

    for (String readiness :
        List.of(
            TASK_CONFIRM_DEVELOPMENT_READINESS,
            TASK_CONFIRM_QA_READINESS,
            TASK_CONFIRM_OPERATIONS_READINESS)) {
      assertThat(dueIn(openTask(pi, readiness))).isEqualTo(Duration.ofDays(2));
      remindAndEscalate(pi, readiness);
    }
    release.allTeamsReady(pi);
    release.execute(pi, READY_TO_VERIFICATION);

    // once the risk is known to be high, each step has half its time
    assertThat(pi).variables().containsEntry(RISK_LEVEL.getName(), "high");
    assertThat(dueIn(openTask(pi, TASK_VERIFY_RELEASE_CANDIDATE))).isEqualTo(Duration.ofDays(1));
    remindAndEscalate(pi, TASK_VERIFY_RELEASE_CANDIDATE);
    release.completeAs(
        "quinn",
        pi,
        TASK_VERIFY_RELEASE_CANDIDATE,
        Map.of(
            QA_RESULT.getName(),
            "fail",
            DEFECTS_FOUND.getName(),
            1,
            TEST_SUMMARY.getName(),
            "Refunds fail for EUR"));
    release.execute(pi, TASK_VERIFY_RELEASE_CANDIDATE);
    assertThat(dueIn(openTask(pi, TASK_FIX_DEFECTS))).isEqualTo(Duration.ofHours(36));
    remindAndEscalate(pi, TASK_FIX_DEFECTS);
    release.completeAs(
        "devon", pi, TASK_FIX_DEFECTS, Map.of(FIX_SUMMARY.getName(), "Currency rounding fixed"));
    release.execute(
        pi,
        TASK_FIX_DEFECTS,
        TASK_CUT_RELEASE_CANDIDATE,
        EVENT_ANNOUNCE_DEPLOYING,
        TASK_DEPLOY,
        TASK_VERIFY_HEALTH,
        EVENT_ANNOUNCE_DEPLOYED,
        EVENT_NO_RESULTS_IN_TIME);
    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);

    // the two CAB approvals are due together and reminded once, as one step of the release
    assertThat(release.openTasks(pi, TASK_APPROVE_AS_CAB_MEMBER))
        .hasSize(2)
        .allSatisfy(task -> assertThat(dueIn(task)).isEqualTo(Duration.ofDays(1)));
    remindAndEscalate(pi, TASK_APPROVE_AS_CAB_MEMBER);
    assertThat(release.openTasks(pi, TASK_APPROVE_AS_CAB_MEMBER)).hasSize(2);
    release.completeAs("carol", pi, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.approve());
    release.completeAs("chris", pi, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.approve());
    release.execute(pi, TASK_APPROVE_AS_CAB_MEMBER);
    release.execute(pi, APPROVED_TO_OBSERVATION);

    release.observationPeriodPasses(pi);
    release.execute(pi, EVENT_ANNOUNCE_RETROSPECTIVE_DUE);
    assertThat(dueIn(openTask(pi, TASK_HOLD_RETROSPECTIVE))).isEqualTo(Duration.ofHours(60));
    remindAndEscalate(pi, TASK_HOLD_RETROSPECTIVE);
    release.completeAs(
        "rita",
        pi,
        TASK_HOLD_RETROSPECTIVE,
        Map.of(WENT_WELL.getName(), "Smooth QA", WENT_BADLY.getName(), "Late reviews"));
    release.execute(pi, TASK_START_IMPROVEMENT_ACTIONS, EVENT_ANNOUNCE_COMPLETED);

    assertThat(pi).isEnded().hasPassed(EVENT_RELEASE_COMPLETED);
    assertThat(reminders.notifications().sent())
        .extracting(n -> n.milestone() + " " + n.task())
        .containsExactly(
            "reminder Task_PlanRelease", "escalation Task_PlanRelease",
            "reminder Task_ConfirmDevelopmentReadiness",
                "escalation Task_ConfirmDevelopmentReadiness",
            "reminder Task_ConfirmQaReadiness", "escalation Task_ConfirmQaReadiness",
            "reminder Task_ConfirmOperationsReadiness",
                "escalation Task_ConfirmOperationsReadiness",
            "reminder Task_VerifyReleaseCandidate", "escalation Task_VerifyReleaseCandidate",
            "reminder Task_FixDefects", "escalation Task_FixDefects",
            "reminder Task_ApproveAsCabMember", "escalation Task_ApproveAsCabMember",
            "reminder Task_HoldRetrospective", "escalation Task_HoldRetrospective");
  }

  @Test
  void aReleaseManagersApprovalIsDueSoonerAtMediumRiskAndIsRemindedAndEscalated() {
    ProcessInstance pi = release.toApproval("large");
    assertThat(pi).variables().containsEntry(RISK_LEVEL.getName(), "medium");
    assertThat(dueIn(openTask(pi, TASK_APPROVE_AS_RELEASE_MANAGER)))
        .isEqualTo(Duration.ofHours(18));

    remindAndEscalate(pi, TASK_APPROVE_AS_RELEASE_MANAGER);

    assertThat(reminders.notifications().sent())
        .extracting(n -> n.milestone() + " " + n.task())
        .containsExactly(
            "reminder Task_ApproveAsReleaseManager", "escalation Task_ApproveAsReleaseManager");
  }

  @Test
  void aReleaseWaitingForItsDependenciesRemindsItsReleaseManagers() {
    ProcessInstance pi = approvedWithDependencies(Map.of(), "checkout >=3.1.0");
    assertThat(dueIn(openTask(pi, TASK_WAIT_FOR_DEPENDENCIES))).isEqualTo(Duration.ofDays(5));

    remindAndEscalate(pi, TASK_WAIT_FOR_DEPENDENCIES);

    assertThat(reminders.notifications().sent())
        .extracting(n -> n.milestone() + " " + n.task())
        .containsExactly(
            "reminder Task_WaitForDependencies", "escalation Task_WaitForDependencies");
  }

  /** The task's reminder and escalation fire when due; the task is the same open task afterwards. */
  void remindAndEscalate(ProcessInstance pi, String taskKey) {
    List<String> open = release.openTasks(pi, taskKey).stream().map(Task::getId).toList();
    reminders.remindAndEscalate(pi.getId(), taskKey);
    assertThat(release.openTasks(pi, taskKey))
        .extracting(Task::getId)
        .containsExactlyElementsOf(open);
  }

  Task openTask(ProcessInstance pi, String taskKey) {
    return release.openTasks(pi, taskKey).get(0);
  }

  /** How long after it opened the task is due (the engine reads its clock for the due date a moment later). */
  static Duration dueIn(Task task) {
    return Duration.between(task.getCreateTime().toInstant(), task.getDueDate().toInstant())
        .truncatedTo(ChronoUnit.SECONDS);
  }

  // --- the plan's freeze warning
  // ---------------------------------------------------------------------------------

  @Test
  void thePlanWarnsWhenTheTargetDateFallsInAFreezeWindow() {
    LocalDate target = LocalDate.now().plusDays(14);
    Instant windowStart =
        target.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(18));
    freezeWindow("year-end", "Year-end freeze", windowStart, windowStart.plus(Duration.ofDays(10)));

    ProcessInstance pi =
        release.request(
            ReleaseDriver.requestValues(Map.of(TARGET_DATE.getName(), target.toString())));
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);

    assertThat(pi).isWaitingAt(TASK_PLAN_RELEASE);
    assertThat(TARGET_DATE_FREEZE.from(runtimeService(), pi.getId()).getOrNull())
        .contains("The target date " + target, "\"Year-end freeze\"", windowStart.toString());
  }

  @Test
  void thePlanDoesNotWarnWhenTheTargetDateIsOutsideEveryFreezeWindowAndLooksAgainEachRound() {
    LocalDate target = LocalDate.now().plusDays(14);
    Instant dayAfter = target.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    freezeWindow("next-day", "Migration day", dayAfter, dayAfter.plus(Duration.ofDays(1)));

    ProcessInstance pi =
        release.request(
            ReleaseDriver.requestValues(Map.of(TARGET_DATE.getName(), target.toString())));
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    assertThat(TARGET_DATE_FREEZE.from(runtimeService(), pi.getId()).getOrNull()).isNull();

    // the plan moves the target date into the window; the teams are not ready, so planning begins
    // again
    release.completeAs(
        "rita",
        pi,
        TASK_PLAN_RELEASE,
        Map.of(
            CHANGE_SIZE.getName(), "small", TARGET_DATE.getName(), target.plusDays(1).toString()));
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.completeAs(
        "devon",
        pi,
        TASK_CONFIRM_DEVELOPMENT_READINESS,
        Map.of(DEVELOPMENT_READINESS.getName(), "not-ready"));
    release.execute(pi, TASK_CONFIRM_DEVELOPMENT_READINESS);
    release.completeAs(
        "quinn", pi, TASK_CONFIRM_QA_READINESS, Map.of(QA_READINESS.getName(), "ready"));
    release.execute(pi, TASK_CONFIRM_QA_READINESS);
    release.completeAs(
        "otto",
        pi,
        TASK_CONFIRM_OPERATIONS_READINESS,
        Map.of(OPERATIONS_READINESS.getName(), "ready"));
    release.execute(pi, TASK_CONFIRM_OPERATIONS_READINESS, TASK_PROPOSE_VERSION);

    assertThat(pi).isWaitingAt(TASK_PLAN_RELEASE);
    assertThat(TARGET_DATE_FREEZE.from(runtimeService(), pi.getId()).getOrNull())
        .contains("\"Migration day\"");
  }
}
