package io.releasedesk.release;

import static io.holunda.camunda.bpm.data.CamundaBpmData.booleanVariable;
import static io.holunda.camunda.bpm.data.CamundaBpmData.doubleVariable;
import static io.holunda.camunda.bpm.data.CamundaBpmData.intVariable;
import static io.holunda.camunda.bpm.data.CamundaBpmData.stringVariable;

import io.holunda.camunda.bpm.data.factory.VariableFactory;

/** The release lifecycle model ({@code processes/release.bpmn}): its key, element ids, messages and variables. */
public final class ReleaseProcess {

  public static final String KEY = "release";

  /** The decision table that rates a release's risk and decides who approves it (processes/risk-assessment.dmn). */
  public static final String RISK_DECISION_KEY = "risk-assessment";

  /** The decision table that judges a candidate's test results (processes/quality-gate.dmn). */
  public static final String QUALITY_GATE_DECISION_KEY = "quality-gate";

  /** The decision table that classifies a release after production (processes/release-classification.dmn). */
  public static final String CLASSIFICATION_DECISION_KEY = "release-classification";

  public static final String MESSAGE_CANCEL = "CancelRelease";
  public static final String ERROR_DEPLOYMENT_FAILED = "DeploymentFailed";

  /** A release reached production: releases waiting for a dependency check again. */
  public static final String MESSAGE_VERSION_IN_PRODUCTION = "VersionInProduction";

  /** CI's test results of the current candidate arrived (trusted code correlates it, with the results). */
  public static final String MESSAGE_TEST_RESULTS_RECEIVED = "TestResultsReceived";

  /** A hotfix waiting in a freeze window asks to go now; sent only by Release Desk's API, with a justification. */
  public static final String MESSAGE_EMERGENCY_EXCEPTION_REQUESTED = "EmergencyExceptionRequested";

  /** QA sends a candidate the quality gate failed on to verification; sent only by Release Desk's API, justified. */
  public static final String MESSAGE_QUALITY_GATE_OVERRIDDEN = "QualityGateOverridden";

  /** Operations report an incident the release caused; sent only by Release Desk's API, with what and how resolved. */
  public static final String MESSAGE_INCIDENT_REPORTED = "IncidentReported";

  private ReleaseProcess() {}

  /** Element ids, as in the diagram. */
  public static final class Elements {
    public static final String EVENT_RELEASE_REQUESTED = "Event_ReleaseRequested";
    public static final String TASK_PROPOSE_VERSION = "Task_ProposeVersion";
    public static final String TASK_PLAN_RELEASE = "Task_PlanRelease";

    /** After a rejected approval: everything again, or only the approval for the same candidate. */
    public static final String GATEWAY_WHAT_TO_REDO = "Gateway_WhatToRedo";

    public static final String TASK_CONFIRM_DEVELOPMENT_READINESS =
        "Task_ConfirmDevelopmentReadiness";
    public static final String TASK_CONFIRM_QA_READINESS = "Task_ConfirmQaReadiness";
    public static final String TASK_CONFIRM_OPERATIONS_READINESS =
        "Task_ConfirmOperationsReadiness";
    public static final String TASK_ASSESS_RISK = "Task_AssessRisk";
    public static final String TASK_CUT_RELEASE_CANDIDATE = "Task_CutReleaseCandidate";
    public static final String CALL_ACTIVITY_DEPLOY_TO_STAGING = "CallActivity_DeployToStaging";
    public static final String GATEWAY_AWAIT_TEST_RESULTS = "Gateway_AwaitTestResults";
    public static final String EVENT_TEST_RESULTS_RECEIVED = "Event_TestResultsReceived";
    public static final String EVENT_NO_RESULTS_IN_TIME = "Event_NoResultsInTime";
    public static final String TASK_APPLY_QUALITY_GATE = "Task_ApplyQualityGate";
    public static final String TASK_RECORD_MANUAL_VERIFICATION = "Task_RecordManualVerification";
    public static final String TASK_VERIFY_RELEASE_CANDIDATE = "Task_VerifyReleaseCandidate";
    public static final String TASK_FIX_DEFECTS = "Task_FixDefects";
    public static final String EVENT_QUALITY_GATE_OVERRIDDEN = "Event_QualityGateOverridden";
    public static final String TASK_RECORD_QUALITY_GATE_OVERRIDE = "Task_RecordQualityGateOverride";
    public static final String TASK_DRAFT_RELEASE_NOTES = "Task_DraftReleaseNotes";

    /** Where a candidate that passed QA, and a plan that redoes only the approval, ask for approval. */
    public static final String GATEWAY_ASK_FOR_APPROVAL = "Gateway_AskForApproval";

    /** Where each approval round starts. */
    public static final String GATEWAY_APPROVAL_POLICY = "Gateway_ApprovalPolicy";

    public static final String TASK_APPROVE_AUTOMATICALLY = "Task_ApproveAutomatically";
    public static final String TASK_APPROVE_AS_RELEASE_MANAGER = "Task_ApproveAsReleaseManager";
    public static final String TASK_APPROVE_AS_CAB_MEMBER = "Task_ApproveAsCabMember";
    public static final String TASK_CHECK_DEPENDENCIES = "Task_CheckDependencies";
    public static final String GATEWAY_DEPENDENCIES_IN_PRODUCTION =
        "Gateway_DependenciesInProduction";
    public static final String TASK_WAIT_FOR_DEPENDENCIES = "Task_WaitForDependencies";
    public static final String EVENT_DEPENDENCY_IN_PRODUCTION = "Event_DependencyInProduction";
    public static final String TASK_CHECK_FREEZE_WINDOWS = "Task_CheckFreezeWindows";
    public static final String GATEWAY_IN_FREEZE_WINDOW = "Gateway_InFreezeWindow";
    public static final String EVENT_FREEZE_WINDOW_OVER = "Event_FreezeWindowOver";
    public static final String GATEWAY_WINDOW_OVER_OR_EXCEPTION = "Gateway_WindowOverOrException";
    public static final String EVENT_HOTFIX_FREEZE_WINDOW_OVER = "Event_HotfixFreezeWindowOver";
    public static final String EVENT_EMERGENCY_EXCEPTION_REQUESTED =
        "Event_EmergencyExceptionRequested";
    public static final String TASK_APPROVE_EMERGENCY_EXCEPTION = "Task_ApproveEmergencyException";
    public static final String CALL_ACTIVITY_DEPLOY_TO_PRODUCTION =
        "CallActivity_DeployToProduction";
    public static final String TASK_TAG_RELEASE = "Task_TagRelease";
    public static final String EVENT_VERSION_IN_PRODUCTION = "Event_VersionInProduction";
    public static final String TASK_COMPILE_RELEASE_NOTES = "Task_CompileReleaseNotes";
    public static final String SUB_PROCESS_OBSERVE_PRODUCTION = "SubProcess_ObserveProduction";
    public static final String EVENT_OBSERVATION_PERIOD_OVER = "Event_ObservationPeriodOver";

    /** The hourly health check of production during the observation (a timer cycle). */
    public static final String EVENT_HEALTH_CHECK_DUE = "Event_HealthCheckDue";

    public static final String TASK_CHECK_PRODUCTION_HEALTH = "Task_CheckProductionHealth";
    public static final String TASK_RECORD_UNHEALTHY_PRODUCTION = "Task_RecordUnhealthyProduction";
    public static final String EVENT_INCIDENT_REPORTED = "Event_IncidentReported";
    public static final String TASK_CLASSIFY_RELEASE = "Task_ClassifyRelease";
    public static final String TASK_HOLD_RETROSPECTIVE = "Task_HoldRetrospective";
    public static final String TASK_START_IMPROVEMENT_ACTIONS = "Task_StartImprovementActions";
    public static final String EVENT_RELEASE_COMPLETED = "Event_ReleaseCompleted";
    public static final String EVENT_RELEASE_ROLLED_BACK = "Event_ReleaseRolledBack";
    public static final String SUB_PROCESS_CANCEL_RELEASE = "SubProcess_CancelRelease";
    public static final String TASK_RECORD_CANCELLATION = "Task_RecordCancellation";
    public static final String EVENT_RELEASE_CANCELLED = "Event_ReleaseCancelled";
    // milestones announced (notify)
    public static final String EVENT_ANNOUNCE_REQUESTED = "Event_AnnounceRequested";
    public static final String EVENT_ANNOUNCE_PLANNED = "Event_AnnouncePlanned";
    public static final String EVENT_ASK_FOR_APPROVAL = "Event_AskForApproval";
    public static final String EVENT_ANNOUNCE_APPROVED = "Event_AnnounceApproved";
    public static final String EVENT_ANNOUNCE_REJECTED = "Event_AnnounceRejected";
    public static final String EVENT_ANNOUNCE_RETROSPECTIVE_DUE = "Event_AnnounceRetrospectiveDue";
    public static final String EVENT_ANNOUNCE_COMPLETED = "Event_AnnounceCompleted";
    public static final String EVENT_ANNOUNCE_CANCELLED = "Event_AnnounceCancelled";

    private Elements() {}
  }

  /** Candidate groups of the user tasks. */
  public static final class Groups {
    public static final String RELEASE_MANAGERS = "release-managers";
    public static final String DEVELOPERS = "developers";
    public static final String QA = "qa";
    public static final String OPERATIONS = "operations";
    public static final String CAB = "cab";

    /** Deploy models and read them in Cockpit. */
    public static final String PROCESS_OWNERS = "process-owners";

    /** Managers who follow every release in Cockpit without changing anything. */
    public static final String RELEASE_VIEWERS = "release-viewers";

    /** CI systems: they post test results of release candidates and do nothing else. */
    public static final String CI = "ci";

    /** Administrators: Camunda's own group, which may do everything. */
    public static final String CAMUNDA_ADMIN =
        org.camunda.bpm.engine.authorization.Groups.CAMUNDA_ADMIN;

    private Groups() {}
  }

  /** Process variables. Form field keys in forms/ use the same names. */
  public static final class Variables {
    // the request (start form)
    public static final VariableFactory<String> SERVICE = stringVariable("service");
    public static final VariableFactory<String> REPOSITORY = stringVariable("repository");
    public static final VariableFactory<String> VERSION = stringVariable("version");
    public static final VariableFactory<String> TARGET_DATE = stringVariable("targetDate");
    public static final VariableFactory<String> RELEASE_TYPE = stringVariable("releaseType");
    public static final VariableFactory<String> SCOPE_SUMMARY = stringVariable("scopeSummary");
    public static final VariableFactory<Boolean> HAS_DATABASE_MIGRATIONS =
        booleanVariable("hasDatabaseMigrations");
    public static final VariableFactory<Boolean> CUSTOMER_FACING =
        booleanVariable("customerFacing");

    /** Set by the engine from the authenticated user who started the release. */
    public static final VariableFactory<String> REQUESTED_BY = stringVariable("requestedBy");

    /** ISO-8601 duration the release is watched in production before the retrospective. */
    public static final VariableFactory<String> OBSERVATION_PERIOD =
        stringVariable("observationPeriod");

    // the version the repository proposes (before planning)
    public static final VariableFactory<String> PROPOSED_VERSION =
        stringVariable("proposedVersion");

    /** The service's last released version, from its release tags; empty when it has none yet. */
    public static final VariableFactory<String> LAST_RELEASED_VERSION =
        stringVariable("lastReleasedVersion");

    /** Markdown: why the proposed version, with the commits that decided it. */
    public static final VariableFactory<String> VERSION_REASON = stringVariable("versionReason");

    /** True when no commits landed since the last release tag: the plan must then say to release anyway. */
    public static final VariableFactory<Boolean> NOTHING_CHANGED =
        booleanVariable("nothingChanged");

    // planning and coordination
    public static final VariableFactory<String> CHANGE_SIZE = stringVariable("changeSize");

    /** The plan's answer when nothing changed since the last release: release anyway (true), or cancel instead. */
    public static final VariableFactory<Boolean> RELEASE_ANYWAY = booleanVariable("releaseAnyway");

    /**
     * The versions of other services that must be in production first, as the plan names them, stored checked and
     * written alike: {@code ledger >=1.7.0, payments ^2.3.0} (npm-style ranges); empty for none.
     */
    public static final VariableFactory<String> DEPENDENCIES = stringVariable("dependencies");

    /** {@code ready} or {@code not-ready}, one per team, with the team's notes. */
    public static final VariableFactory<String> DEVELOPMENT_READINESS =
        stringVariable("developmentReadiness");

    public static final VariableFactory<String> DEVELOPMENT_NOTES =
        stringVariable("developmentNotes");
    public static final VariableFactory<String> QA_READINESS = stringVariable("qaReadiness");
    public static final VariableFactory<String> QA_NOTES = stringVariable("qaNotes");
    public static final VariableFactory<String> OPERATIONS_READINESS =
        stringVariable("operationsReadiness");
    public static final VariableFactory<String> OPERATIONS_NOTES =
        stringVariable("operationsNotes");

    // risk (outputs of processes/risk-assessment.dmn)
    public static final VariableFactory<String> RISK_LEVEL = stringVariable("riskLevel");
    public static final VariableFactory<String> APPROVAL_POLICY = stringVariable("approvalPolicy");
    public static final VariableFactory<String> RISK_REASON = stringVariable("riskReason");

    // quality assurance
    public static final VariableFactory<Integer> CANDIDATE_NUMBER = intVariable("candidateNumber");
    public static final VariableFactory<String> CANDIDATE_VERSION =
        stringVariable("candidateVersion");

    /** The full sha of the commit the current candidate was cut from: what QA verifies is what ships. */
    public static final VariableFactory<String> CANDIDATE_COMMIT =
        stringVariable("candidateCommit");

    /** {@code pass} or {@code fail}. */
    public static final VariableFactory<String> QA_RESULT = stringVariable("qaResult");

    public static final VariableFactory<Integer> DEFECTS_FOUND = intVariable("defectsFound");
    public static final VariableFactory<String> TEST_SUMMARY = stringVariable("testSummary");
    public static final VariableFactory<String> FIX_SUMMARY = stringVariable("fixSummary");

    /** ISO-8601 duration the release waits on staging for the candidate's test results from CI. */
    public static final VariableFactory<String> TEST_RESULTS_TIMEOUT =
        stringVariable("testResultsTimeout");

    // the candidate's test results from CI (inputs of processes/quality-gate.dmn), null where CI
    // did not say
    public static final VariableFactory<Integer> TESTS_PASSED = intVariable("testsPassed");
    public static final VariableFactory<Integer> TESTS_FAILED = intVariable("testsFailed");
    public static final VariableFactory<Integer> TESTS_SKIPPED = intVariable("testsSkipped");

    /** Passed of passed and failed tests, in per cent; null when no test ran. */
    public static final VariableFactory<Double> PASS_RATE = doubleVariable("passRate");

    /** Failed tests in the suites configured as critical ({@code releasedesk.qa.critical-suites}). */
    public static final VariableFactory<Integer> CRITICAL_FAILURES =
        intVariable("criticalFailures");

    public static final VariableFactory<Double> COVERAGE = doubleVariable("coverage");

    /** Coverage points gained (positive) or lost since the service's last release; null when either is unknown. */
    public static final VariableFactory<Double> COVERAGE_CHANGE = doubleVariable("coverageChange");

    public static final VariableFactory<Integer> OPEN_BLOCKERS = intVariable("openBlockers");
    public static final VariableFactory<String> TEST_RUN_URL = stringVariable("testRunUrl");

    /** One line: the counts, pass rate and coverage, as the forms show them. */
    public static final VariableFactory<String> TEST_RESULTS = stringVariable("testResults");

    /**
     * Markdown, at most 4000 characters: the failed tests with suite, message and the first lines of their trace; a
     * longer list is cut with a line saying how many more there are. Empty when none failed.
     */
    public static final VariableFactory<String> FAILED_TESTS = stringVariable("failedTests");

    /** JSON file variable: every suite and every failed test in full. */
    public static final String TEST_REPORT = "testReport";

    /** The quality gate's verdict ({@code pass}, {@code review}, {@code fail}) and the reason of its rule. */
    public static final VariableFactory<String> QUALITY_GATE = stringVariable("qualityGate");

    public static final VariableFactory<String> QUALITY_GATE_REASON =
        stringVariable("qualityGateReason");

    /**
     * QA's override of the quality gate's {@code fail}: who sent the candidate on to verification anyway, why, and
     * when (ISO-8601 instant, UTC, stamped by the model's step). Empty while the gate's verdict stands.
     */
    public static final VariableFactory<String> QUALITY_GATE_OVERRIDDEN_BY =
        stringVariable("qualityGateOverriddenBy");

    public static final VariableFactory<String> QUALITY_GATE_OVERRIDE_JUSTIFICATION =
        stringVariable("qualityGateOverrideJustification");
    public static final VariableFactory<String> QUALITY_GATE_OVERRIDDEN_AT =
        stringVariable("qualityGateOverriddenAt");

    /** True when no test results arrived in time and QA verified the candidate by hand. */
    public static final VariableFactory<Boolean> VERIFIED_WITHOUT_RESULTS =
        booleanVariable("verifiedWithoutResults");

    // approval
    /** The approval form's fields, local to each approval task, so that every approver starts from a blank form. */
    public static final VariableFactory<String> DECISION = stringVariable("decision");

    public static final VariableFactory<String> COMMENT = stringVariable("comment");

    /**
     * The approval forms' reason for rejecting, shown and required when Reject is chosen; recorded as the task's
     * comment, which is what a client of the REST API sends instead.
     */
    public static final VariableFactory<String> REASON = stringVariable("reason");

    /** The outcome of the approval round: {@code approve} or {@code reject}. */
    public static final VariableFactory<String> APPROVAL_DECISION =
        stringVariable("approvalDecision");

    /** Who approved in the current approval round, comma separated, in order. */
    public static final VariableFactory<String> APPROVED_BY = stringVariable("approvedBy");

    /** For an automatic approval: the risk rule that allowed it. */
    public static final VariableFactory<String> APPROVAL_RULE = stringVariable("approvalRule");

    public static final VariableFactory<String> REJECTED_BY = stringVariable("rejectedBy");
    public static final VariableFactory<String> REJECTION_REASON =
        stringVariable("rejectionReason");

    /**
     * What the plan that answers a rejected approval says must be redone: {@code everything} (the teams confirm
     * again, a new candidate, QA and approval) or {@code approval} (the same candidate goes straight back to
     * approval). A field of the plan's form, blank on each plan; the plan leaves it null when it answers no rejection.
     */
    public static final VariableFactory<String> REDO = stringVariable("redo");

    /**
     * Local to "Plan release" after a rejection: the plan's field as it was when the rejected approval was asked,
     * which redoing only the approval must leave as it is ({@code version}: {@code rejectedVersion}).
     */
    public static VariableFactory<String> asRejected(VariableFactory<?> field) {
      String name = field.getName();
      return stringVariable("rejected" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
    }

    // deployment, documentation, post-release
    // dependencies, before production
    /** Whether every dependency of the plan has a version in production that satisfies it. */
    public static final VariableFactory<Boolean> DEPENDENCIES_IN_PRODUCTION =
        booleanVariable("dependenciesInProduction");

    /** Markdown list of the dependencies not (yet) in production, with what is; empty when none is missing. */
    public static final VariableFactory<String> MISSING_DEPENDENCIES =
        stringVariable("missingDependencies");

    /** A release manager's decision to deploy without the missing dependencies (false until made). */
    public static final VariableFactory<Boolean> GO_ON_WITHOUT_DEPENDENCIES =
        booleanVariable("goOnWithoutDependencies");

    public static final VariableFactory<String> DEPENDENCIES_JUSTIFICATION =
        stringVariable("dependenciesJustification");

    /** Who decided to go on without the missing dependencies. */
    public static final VariableFactory<String> WENT_ON_WITHOUT_DEPENDENCIES_BY =
        stringVariable("wentOnWithoutDependenciesBy");

    /** While a freeze window holds the release back: when it ends (ISO-8601 instant, UTC); empty otherwise. */
    public static final VariableFactory<String> FREEZE_ENDS_AT = stringVariable("freezeEndsAt");

    /** Why the freeze window holds the release back; empty when none does. */
    public static final VariableFactory<String> FREEZE_REASON = stringVariable("freezeReason");

    /** A hotfix's emergency exception: why it cannot wait for the window's end, and who asked (each request anew). */
    public static final VariableFactory<String> FREEZE_EXCEPTION_JUSTIFICATION =
        stringVariable("freezeExceptionJustification");

    public static final VariableFactory<String> FREEZE_EXCEPTION_REQUESTED_BY =
        stringVariable("freezeExceptionRequestedBy");

    /** Whether a release manager approved an emergency exception: the hotfix then deploys (false until then). */
    public static final VariableFactory<Boolean> FREEZE_EXCEPTION_APPROVED =
        booleanVariable("freezeExceptionApproved");

    /** Who approved or rejected the last emergency exception, and their comment (a rejection's reason). */
    public static final VariableFactory<String> FREEZE_EXCEPTION_DECIDED_BY =
        stringVariable("freezeExceptionDecidedBy");

    public static final VariableFactory<String> FREEZE_EXCEPTION_COMMENT =
        stringVariable("freezeExceptionComment");
    public static final VariableFactory<String> STAGING_HEALTH_REPORT =
        stringVariable("stagingHealthReport");
    public static final VariableFactory<String> PRODUCTION_HEALTH_REPORT =
        stringVariable("productionHealthReport");
    public static final VariableFactory<String> DEPLOYMENT_FAILURE =
        stringVariable("deploymentFailure");

    /** The release tag made on the candidate's commit after production; empty when the service is not tagged. */
    public static final VariableFactory<String> RELEASE_TAG = stringVariable("releaseTag");

    /**
     * Markdown, at most 4000 characters (what the engine's text column holds): the changes section of the release
     * notes as the approval form shows it; a longer list is cut with a line saying how many more commits there are.
     */
    public static final VariableFactory<String> RELEASE_NOTES_DRAFT =
        stringVariable("releaseNotesDraft");

    /**
     * When the oldest commit the release ships was committed (ISO-8601 instant), read from git with the draft notes;
     * absent when the release ships no commit. The lead time for changes starts there.
     */
    public static final VariableFactory<String> FIRST_COMMIT_AT = stringVariable("firstCommitAt");

    /** Markdown file variable: the changes section in full, from the commits the release ships. */
    public static final String RELEASE_CHANGES = "releaseChanges";

    /** Markdown file variable. */
    public static final String RELEASE_NOTES = "releaseNotes";

    public static final VariableFactory<String> WENT_WELL = stringVariable("wentWell");
    public static final VariableFactory<String> WENT_BADLY = stringVariable("wentBadly");

    /**
     * The retrospective's action items, one per line: {@code what; owner; due date} (e.g. {@code Automate the smoke
     * test; devon; 2026-12-15}); each becomes an improvement action (io.releasedesk.improvement.ImprovementAction).
     */
    public static final VariableFactory<String> ACTION_ITEMS = stringVariable("actionItems");

    /** The service's open action items from earlier retrospectives, as the plan shows them; null when none. */
    public static final VariableFactory<String> OPEN_ACTION_ITEMS =
        stringVariable("openActionItems");

    // evaluation after production
    /**
     * How the release ended after production: {@code successful}, {@code degraded} (an incident it caused was
     * reported and fixed forward) or {@code failed} (rolled back, or a hotfix was needed). The change failure rate
     * counts {@code failed}.
     */
    public static final VariableFactory<String> RELEASE_CLASSIFICATION =
        stringVariable("releaseClassification");

    /** When operations first reported an incident caused by this release, as an ISO-8601 instant. */
    public static final VariableFactory<String> INCIDENT_REPORTED_AT =
        stringVariable("incidentReportedAt");

    /** The key (service@version) of the release a hotfix repairs; empty for a release that repairs none. */
    public static final VariableFactory<String> REPAIRS_RELEASE = stringVariable("repairsRelease");

    /** Why the release got its classification (the rule of processes/release-classification.dmn, or the rollback). */
    public static final VariableFactory<String> CLASSIFICATION_REASON =
        stringVariable("classificationReason");

    /** What operations reported happened in production. */
    public static final VariableFactory<String> INCIDENT_SUMMARY =
        stringVariable("incidentSummary");

    /** How the reported incident was resolved: {@code fixed-forward}, {@code rollback} or {@code hotfix}. */
    public static final VariableFactory<String> INCIDENT_RESOLUTION =
        stringVariable("incidentResolution");

    public static final VariableFactory<String> INCIDENT_REPORTED_BY =
        stringVariable("incidentReportedBy");

    /** The last health check of production during the observation (its words: productionHealthReport). */
    public static final VariableFactory<Boolean> PRODUCTION_HEALTHY =
        booleanVariable("productionHealthy");

    // notifications
    /**
     * Who else hears about the release, as the plan names them: user ids, group ids or email addresses, separated by
     * commas or spaces; empty for nobody beyond the service's own list.
     */
    public static final VariableFactory<String> STAKEHOLDERS = stringVariable("stakeholders");

    /** Notifications that could not be sent after their retries, one line each; the release went on without them. */
    public static final VariableFactory<String> NOTIFICATION_FAILURES =
        stringVariable("notificationFailures");

    // due dates: one pair per user task, named after the task (Task_PlanRelease: dueInPlanRelease,
    // escalateInPlanRelease)
    /** ISO-8601 duration from when the user task opens until it is due and its candidates are reminded. */
    public static VariableFactory<String> dueIn(String taskId) {
      return stringVariable("dueIn" + taskId.substring(taskId.indexOf('_') + 1));
    }

    /** ISO-8601 duration from when the user task opens until it is overdue and escalated to the release managers. */
    public static VariableFactory<String> escalateIn(String taskId) {
      return stringVariable("escalateIn" + taskId.substring(taskId.indexOf('_') + 1));
    }

    /** The plan's warning that its target date falls in a freeze window; empty when it does not. */
    public static final VariableFactory<String> TARGET_DATE_FREEZE =
        stringVariable("targetDateFreeze");

    // what the forms show to decide, computed when their task opens (Markdown; local to the task
    // unless said)
    /** The risk the risk table gives for each size of change, with the rule that decides it (Plan release). */
    public static final VariableFactory<String> RISK_PREVIEW = stringVariable("riskPreview");

    /** Why the teams are asked about their readiness again; empty in the first round (a variable of the release). */
    public static final VariableFactory<String> ASKED_AGAIN_BECAUSE =
        stringVariable("askedAgainBecause");

    /** The release's timeline so far, one line per entry (Hold retrospective). */
    public static final VariableFactory<String> RELEASE_TIMELINE =
        stringVariable("releaseTimeline");

    // cancellation
    public static final VariableFactory<String> CANCELLATION_REASON =
        stringVariable("cancellationReason");
    public static final VariableFactory<String> CANCELLED_BY = stringVariable("cancelledBy");

    private Variables() {}
  }
}
