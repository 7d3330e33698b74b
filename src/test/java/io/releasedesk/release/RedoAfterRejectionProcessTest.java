package io.releasedesk.release;

import static io.releasedesk.release.ReleaseDriver.APPROVED_TO_OBSERVATION;
import static io.releasedesk.release.ReleaseDriver.READY_TO_VERIFICATION;
import static io.releasedesk.release.ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_STAGING;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_PLANNED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_REJECTED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_REQUESTED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ASK_FOR_APPROVAL;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_OBSERVATION_PERIOD_OVER;
import static io.releasedesk.release.ReleaseProcess.Elements.GATEWAY_APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Elements.GATEWAY_WHAT_TO_REDO;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_CAB_MEMBER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_ASSESS_RISK;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CUT_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_DRAFT_RELEASE_NOTES;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PROPOSE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_NOTES;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.REDO;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.releasedesk.deployment.DeploymentRequest;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.notification.Announcements;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * After a rejected approval the plan says what must be redone: everything (the teams confirm again, a new candidate,
 * QA and approval), or only the approval, for the same candidate, when nothing it was made for changed. Java's door
 * (the engine's task service, as Tasklist and the REST API reach it); RedoAfterRejectionThroughRestTest takes the
 * HTTP doors.
 */
class RedoAfterRejectionProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ReleaseProcessSetup.engine().build();

  static final String SHA_1 = ReleaseProcessSetup.CANDIDATE_SHA;
  static final String SHA_2 = ReleaseProcessSetup.NEXT_CANDIDATE_SHA;

  ProcessEngine engine;
  ReleaseProcessSetup setup = new ReleaseProcessSetup();
  ReleaseDriver release;
  Announcements announcements;

  @BeforeEach
  void registerDelegates() {
    // a new candidate for what must be redone
    setup.cutsTwoCandidates(SHA_1);
    announcements = setup.register(engine).announcements();
    release = new ReleaseDriver(engine);
  }

  @AfterEach
  void reset() {
    setup.reset();
  }

  @Test
  void onlyTheApprovalIsAskedAgainForTheSameCandidateWhenItsConditionsAreMet() {
    // given a medium-risk release whose approval Paula rejects
    ProcessInstance pi =
        rejected("large", TASK_APPROVE_AS_RELEASE_MANAGER, "paula", "The rollback plan is missing");
    assertThat(pi).isWaitingAt(TASK_PLAN_RELEASE);
    assertThat(planVariables(pi))
        .containsEntry(APPROVAL_DECISION.getName(), "reject")
        .containsEntry(REJECTED_BY.getName(), "paula")
        .containsEntry(REDO.getName(), null);

    // when Rita says only the approval must be redone, leaving version, scope and size as they were
    release.completeAs(
        "rita",
        pi,
        TASK_PLAN_RELEASE,
        Map.of(CHANGE_SIZE.getName(), "large", REDO.getName(), WhatMustBeRedone.APPROVAL));
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED, EVENT_ASK_FOR_APPROVAL);

    // then the same candidate goes straight to a fresh approval round: no teams, no new candidate,
    // no QA
    assertThat(pi)
        .isWaitingAt(TASK_APPROVE_AS_RELEASE_MANAGER)
        .variables()
        .containsEntry(CANDIDATE_VERSION.getName(), "2.4.0-rc.1")
        .containsEntry(CANDIDATE_COMMIT.getName(), SHA_1)
        .containsEntry(REDO.getName(), WhatMustBeRedone.APPROVAL)
        .containsEntry(APPROVED_BY.getName(), "")
        .doesNotContainKey(APPROVAL_DECISION.getName());
    assertThat(timesPassed(pi, TASK_CONFIRM_DEVELOPMENT_READINESS)).isEqualTo(1);
    assertThat(timesPassed(pi, TASK_ASSESS_RISK)).isEqualTo(1);
    assertThat(timesPassed(pi, TASK_CUT_RELEASE_CANDIDATE)).isEqualTo(1);
    assertThat(timesPassed(pi, TASK_VERIFY_RELEASE_CANDIDATE)).isEqualTo(1);
    assertThat(timesPassed(pi, TASK_DRAFT_RELEASE_NOTES)).isEqualTo(1);
    assertThat(timesPassed(pi, GATEWAY_APPROVAL_POLICY)).isEqualTo(2);
    assertThat(announcements.milestones()).endsWith("rejected", "planned", "approvalNeeded");

    // and once approved it ships the candidate QA passed, the round before on record with what it
    // led to
    release.completeAs("paula", pi, TASK_APPROVE_AS_RELEASE_MANAGER, ReleaseDriver.approve());
    release.execute(pi, TASK_APPROVE_AS_RELEASE_MANAGER);
    release.execute(pi, APPROVED_TO_OBSERVATION);
    assertThat(pi)
        .hasPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
    var deployed = ArgumentCaptor.forClass(DeploymentRequest.class);
    verify(setup.target, times(2)).deploy(deployed.capture());
    assertThat(deployed.getAllValues())
        .extracting(DeploymentRequest::environment, DeploymentRequest::commit)
        .containsExactly(tuple("staging", SHA_1), tuple("production", SHA_1));
    assertThat(ApprovalRounds.of(historyService(), pi.getId()))
        .extracting(
            ApprovalRounds.Round::decision,
            ApprovalRounds.Round::rejectedBy,
            ApprovalRounds.Round::redo)
        .containsExactly(tuple("reject", "paula", "approval"), tuple("approve", null, null));
  }

  @Test
  void everythingIsRedoneWhenTheScopeChanged() {
    ProcessInstance pi =
        rejected("large", TASK_APPROVE_AS_RELEASE_MANAGER, "paula", "Ship the refund API too");

    release.completeAs(
        "rita",
        pi,
        TASK_PLAN_RELEASE,
        Map.of(
            CHANGE_SIZE.getName(),
            "large",
            SCOPE_SUMMARY.getName(),
            "New checkout flow and the refund API",
            REDO.getName(),
            WhatMustBeRedone.EVERYTHING));
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);

    // the teams confirm the new plan, a new candidate is cut and verified, then approval
    assertThat(pi)
        .isWaitingAt(
            TASK_CONFIRM_DEVELOPMENT_READINESS,
            TASK_CONFIRM_QA_READINESS,
            TASK_CONFIRM_OPERATIONS_READINESS);
    assertThat(runtimeService().getVariables(pi.getId()))
        .doesNotContainKey(DEVELOPMENT_READINESS.getName())
        .doesNotContainKey(APPROVAL_DECISION.getName())
        .containsEntry(REDO.getName(), WhatMustBeRedone.EVERYTHING);
    release.allTeamsReady(pi);
    release.execute(pi, READY_TO_VERIFICATION);
    assertThat(pi)
        .isWaitingAt(TASK_VERIFY_RELEASE_CANDIDATE)
        .variables()
        .containsEntry(CANDIDATE_VERSION.getName(), "2.4.0-rc.2")
        .containsEntry(CANDIDATE_COMMIT.getName(), SHA_2);
    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_RELEASE_MANAGER);
    assertThat(timesPassed(pi, CALL_ACTIVITY_DEPLOY_TO_STAGING)).isEqualTo(2);
    assertThat(ApprovalRounds.of(historyService(), pi.getId()))
        .extracting(ApprovalRounds.Round::redo)
        .containsExactly("everything", null);
  }

  @Test
  void aPlanThatAnswersTheRejectionWithoutSayingRedoesEverythingAsBefore() {
    ProcessInstance pi =
        rejected("large", TASK_APPROVE_AS_RELEASE_MANAGER, "paula", "Not this week");

    release.plan(pi, "large");
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);

    assertThat(pi)
        .isWaitingAt(
            TASK_CONFIRM_DEVELOPMENT_READINESS,
            TASK_CONFIRM_QA_READINESS,
            TASK_CONFIRM_OPERATIONS_READINESS)
        .variables()
        .containsEntry(REDO.getName(), WhatMustBeRedone.EVERYTHING);
  }

  @Test
  void onlyTheApprovalIsRefusedWhenThePlanChangesWhatTheCandidateWasMadeFor() {
    ProcessInstance pi =
        rejected("large", TASK_APPROVE_AS_RELEASE_MANAGER, "paula", "Wrong version");

    assertThatThrownBy(() -> planAgain(pi, Map.of(VERSION.getName(), "2.5.0")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "Only the approval can be asked again for the same candidate 2.4.0-rc.1")
        .hasMessageContaining("this plan changes the version (2.4.0 → 2.5.0): choose everything");
    assertThatThrownBy(() -> planAgain(pi, Map.of(SCOPE_SUMMARY.getName(), "Another scope")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("this plan changes the scope: choose");
    assertThatThrownBy(() -> planAgain(pi, Map.of(CHANGE_SIZE.getName(), "small")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("this plan changes the size of change (large → small): choose");

    // nothing was stored: the plan still waits, and the same candidate goes to approval once the
    // plan stays as it was
    assertThat(pi)
        .isWaitingAt(TASK_PLAN_RELEASE)
        .variables()
        .containsEntry(VERSION.getName(), "2.4.0")
        .containsEntry(APPROVAL_DECISION.getName(), "reject");
    planAgain(pi, Map.of(VERSION.getName(), "2.4.0"));
    assertThat(pi)
        .isWaitingAt(TASK_APPROVE_AS_RELEASE_MANAGER)
        .variables()
        .containsEntry(CANDIDATE_VERSION.getName(), "2.4.0-rc.1");
  }

  @Test
  void onlyTheApprovalIsRefusedForAPlanThatAnswersNoRejection() {
    // the first plan
    ProcessInstance pi = release.request(ReleaseDriver.requestValues());
    release.execute(pi, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    assertThatThrownBy(() -> planAgain(pi, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "Only the approval can be asked again by a plan that answers a rejected approval, and "
                + "this plan answers none");
    // 'everything' is what a first plan does anyway: it is taken, and leaves nothing to redo
    release.completeAs(
        "rita",
        pi,
        TASK_PLAN_RELEASE,
        Map.of(CHANGE_SIZE.getName(), "large", REDO.getName(), WhatMustBeRedone.EVERYTHING));
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    assertThat(pi).variables().containsEntry(REDO.getName(), null);

    // a plan the teams send back after a rejection was answered answers no rejection either
    release.allTeamsReady(pi);
    release.execute(pi, READY_TO_VERIFICATION);
    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);
    release.completeAs(
        "paula", pi, TASK_APPROVE_AS_RELEASE_MANAGER, ReleaseDriver.reject("Scope unclear"));
    release.execute(
        pi, TASK_APPROVE_AS_RELEASE_MANAGER, EVENT_ANNOUNCE_REJECTED, TASK_PROPOSE_VERSION);
    release.completeAs(
        "rita",
        pi,
        TASK_PLAN_RELEASE,
        Map.of(
            CHANGE_SIZE.getName(),
            "large",
            SCOPE_SUMMARY.getName(),
            "New checkout flow, scope made clear",
            REDO.getName(),
            WhatMustBeRedone.EVERYTHING));
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.completeAs(
        "devon",
        pi,
        TASK_CONFIRM_DEVELOPMENT_READINESS,
        Map.of(
            DEVELOPMENT_READINESS.getName(),
            "not-ready",
            DEVELOPMENT_NOTES.getName(),
            "Refunds not merged"));
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
    assertThat(planVariables(pi))
        .doesNotContainKey(APPROVAL_DECISION.getName())
        .containsEntry(REJECTION_REASON.getName(), "Scope unclear");
    assertThatThrownBy(
            () ->
                planAgain(
                    pi, Map.of(SCOPE_SUMMARY.getName(), "New checkout flow, scope made clear")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("this plan answers none");
  }

  @Test
  void theCabDecidesAfreshWhenOnlyTheApprovalIsRedone() {
    // given a high-risk release whose first CAB member rejects it
    ProcessInstance pi =
        rejected(
            "large",
            TASK_APPROVE_AS_CAB_MEMBER,
            "carol",
            "Not during the sale weekend",
            Map.of(CUSTOMER_FACING.getName(), true));

    planAgain(pi, Map.of());

    // two fresh CAB approvals of the same candidate: the member who rejected may now approve
    assertThat(release.openTasks(pi, TASK_APPROVE_AS_CAB_MEMBER)).hasSize(2);
    release.completeAs("carol", pi, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.approve());
    release.completeAs("chris", pi, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.approve());
    release.execute(pi, TASK_APPROVE_AS_CAB_MEMBER);
    release.execute(pi, APPROVED_TO_OBSERVATION);
    assertThat(pi)
        .hasPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .variables()
        .containsEntry(APPROVED_BY.getName(), "carol, chris")
        .containsEntry(CANDIDATE_VERSION.getName(), "2.4.0-rc.1");
    assertThat(timesPassed(pi, TASK_CUT_RELEASE_CANDIDATE)).isEqualTo(1);
    assertThat(
            historyService()
                .createHistoricActivityInstanceQuery()
                .processInstanceId(pi.getId())
                .activityId(GATEWAY_WHAT_TO_REDO)
                .count())
        .isEqualTo(2);
  }

  /** A release planned with this size, verified, and rejected by the approver; the plan waits again. */
  private ProcessInstance rejected(
      String changeSize, String approval, String approver, String reason) {
    return rejected(changeSize, approval, approver, reason, Map.of());
  }

  private ProcessInstance rejected(
      String changeSize,
      String approval,
      String approver,
      String reason,
      Map<String, Object> requestChanges) {
    ProcessInstance pi = release.toApproval(changeSize, requestChanges);
    assertThat(pi).isWaitingAt(approval);
    release.completeAs(approver, pi, approval, ReleaseDriver.reject(reason));
    release.execute(pi, approval, EVENT_ANNOUNCE_REJECTED, TASK_PROPOSE_VERSION);
    assertThat(pi).isWaitingAt(TASK_PLAN_RELEASE);
    return pi;
  }

  /** Rita plans again, redoing only the approval, with the plan as it was but for these changes. */
  private void planAgain(ProcessInstance pi, Map<String, Object> changes) {
    var values = new HashMap<String, Object>();
    values.put(CHANGE_SIZE.getName(), "large");
    values.put(REDO.getName(), WhatMustBeRedone.APPROVAL);
    values.putAll(changes);
    release.completeAs("rita", pi, TASK_PLAN_RELEASE, values);
    release.execute(pi, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED, EVENT_ASK_FOR_APPROVAL);
  }

  /** What the plan's form shows: the variables visible from the open "Plan release". */
  private Map<String, Object> planVariables(ProcessInstance pi) {
    return engine
        .getTaskService()
        .getVariables(release.openTasks(pi, TASK_PLAN_RELEASE).get(0).getId());
  }

  private long timesPassed(ProcessInstance pi, String activity) {
    return historyService()
        .createHistoricActivityInstanceQuery()
        .processInstanceId(pi.getId())
        .activityId(activity)
        .finished()
        .count();
  }
}
