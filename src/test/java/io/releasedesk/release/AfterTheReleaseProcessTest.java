package io.releasedesk.release;

import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYING;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYMENT_FAILED;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_ROLLED_BACK;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_DEPLOY;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_ROLL_BACK;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_VERIFY_HEALTH;
import static io.releasedesk.deployment.DeploymentProcess.Variables.FAILURE_REVIEW_NOTES;
import static io.releasedesk.deployment.DeploymentProcess.Variables.ROLLBACK_CONFIRMED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_COMPLETED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_RETROSPECTIVE_DUE;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_HEALTH_CHECK_DUE;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_INCIDENT_REPORTED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_OBSERVATION_PERIOD_OVER;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_RELEASE_COMPLETED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_RELEASE_ROLLED_BACK;
import static io.releasedesk.release.ReleaseProcess.Elements.SUB_PROCESS_OBSERVE_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CHECK_PRODUCTION_HEALTH;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CLASSIFY_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_HOLD_RETROSPECTIVE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_RECORD_UNHEALTHY_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_START_IMPROVEMENT_ACTIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.ACTION_ITEMS;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CLASSIFICATION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_REPORTED_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_REPORTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_RESOLUTION;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.OBSERVATION_PERIOD;
import static io.releasedesk.release.ReleaseProcess.Variables.OPEN_ACTION_ITEMS;
import static io.releasedesk.release.ReleaseProcess.Variables.PRODUCTION_HEALTH_REPORT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_CLASSIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPOSITORY;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_BADLY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_WELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.mockito.Mockito.when;

import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.deployment.HealthCheck;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.improvement.ImprovementAction;
import io.releasedesk.reminders.Reminders;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After production: the release is observed (production's health checked every hour, incidents reported by
 * operations), classified successful, degraded or failed, and its retrospective's action items become improvement
 * actions for their owners, reminded when due and shown in the plan of the service's next release. Releases start as
 * trusted code where production leads; the delegates are the real ones, the health check is mocked.
 */
class AfterTheReleaseProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ReleaseProcessSetup.engine().build();

  static final URI PRODUCTION = URI.create("https://payments.example.com/health");
  static final List<String> PEOPLE = List.of("rita", "devon", "otto");

  ProcessEngine engine;
  ReleaseProcessSetup setup = new ReleaseProcessSetup();
  ReleaseDriver release;
  Reminders reminders;

  @BeforeEach
  void registerDelegates() {
    when(setup.targets.healthUrl("production")).thenReturn(PRODUCTION);
    healthy(true);
    reminders = setup.register(engine).reminders();
    release = new ReleaseDriver(engine);
    PEOPLE.forEach(
        id -> engine.getIdentityService().saveUser(engine.getIdentityService().newUser(id)));
  }

  @AfterEach
  void reset() {
    ClockUtil.reset();
    setup.reset();
    PEOPLE.forEach(id -> engine.getIdentityService().deleteUser(id));
  }

  @Test
  void aReleaseWithoutIncidentIsSuccessfulAndItsHealthIsCheckedEveryHour() {
    ProcessInstance pi = inProduction();
    assertThat(pi).isWaitingAt(SUB_PROCESS_OBSERVE_PRODUCTION, EVENT_OBSERVATION_PERIOD_OVER);

    // an hour on, production's health is checked, and it is healthy
    healthCheckAfter(Duration.ofHours(1));
    assertThat(pi)
        .hasPassed(TASK_CHECK_PRODUCTION_HEALTH)
        .hasNotPassed(TASK_RECORD_UNHEALTHY_PRODUCTION)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
    assertThat(pi)
        .variables()
        .containsEntry(PRODUCTION_HEALTH_REPORT.getName(), "GET /health answered 200")
        .doesNotContainKey(INCIDENT_REPORTED_AT.getName());

    release.observationPeriodPasses(pi);
    release.execute(pi, EVENT_ANNOUNCE_RETROSPECTIVE_DUE);

    assertThat(pi).hasPassed(TASK_CLASSIFY_RELEASE).isWaitingAt(TASK_HOLD_RETROSPECTIVE);
    assertThat(pi)
        .variables()
        .containsEntry(RELEASE_CLASSIFICATION.getName(), "successful")
        .containsEntry(CLASSIFICATION_REASON.getName(), "No incident during the observation");
  }

  @Test
  void anIncidentFixedForwardEndsTheObservationAndTheReleaseIsDegraded() {
    ProcessInstance pi = inProduction();
    Instant reportedAt = Instant.parse("2026-11-27T09:30:00Z");
    ClockUtil.setCurrentTime(Date.from(reportedAt));

    report(pi, "Checkout slow for 20 minutes", "fixed-forward");

    assertThat(pi)
        .hasPassed(EVENT_INCIDENT_REPORTED, TASK_CLASSIFY_RELEASE)
        .isWaitingAt(TASK_HOLD_RETROSPECTIVE);
    assertThat(pi)
        .variables()
        .containsEntry(RELEASE_CLASSIFICATION.getName(), "degraded")
        .containsEntry(INCIDENT_REPORTED_AT.getName(), reportedAt.toString())
        .containsEntry(INCIDENT_SUMMARY.getName(), "Checkout slow for 20 minutes")
        .containsEntry(INCIDENT_REPORTED_BY.getName(), "otto");
    assertThat(
            engine
                .getManagementService()
                .createJobQuery()
                .processInstanceId(pi.getId())
                .activityId(EVENT_HEALTH_CHECK_DUE)
                .count())
        .as("no health check after the observation")
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rollback", "hotfix"})
  void anIncidentThatNeededARollbackOrAHotfixMakesTheReleaseFailed(String resolution) {
    ProcessInstance pi = inProduction();

    report(pi, "Payments declined", resolution);

    assertThat(pi).isWaitingAt(TASK_HOLD_RETROSPECTIVE);
    assertThat(pi)
        .variables()
        .containsEntry(RELEASE_CLASSIFICATION.getName(), "failed")
        .containsEntry(CLASSIFICATION_REASON.getName(), "An incident needed a rollback or a hotfix")
        .containsEntry(INCIDENT_RESOLUTION.getName(), resolution);
  }

  @Test
  void aBareIncidentMessageIsRefusedAndTheObservationGoesOn() {
    ProcessInstance pi = inProduction();

    assertThatThrownBy(
            () ->
                engine
                    .getRuntimeService()
                    .createMessageCorrelation(ReleaseProcess.MESSAGE_INCIDENT_REPORTED)
                    .processInstanceId(pi.getId())
                    .correlateWithResult())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("through POST /api/releases/payments@2.4.0/incidents");

    assertThat(pi).isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
    assertThat(pi).variables().doesNotContainKey(INCIDENT_REPORTED_AT.getName());
  }

  @Test
  void anUnhealthyProductionIsAnIncidentAndTheFirstOneCounts() {
    ProcessInstance pi = inProduction();
    healthy(false);

    // two hours on, two checks found production unhealthy: the first one's time is the incident's
    Instant first = healthCheckAfter(Duration.ofHours(1));
    healthCheckAfter(Duration.ofHours(2));

    assertThat(pi)
        .hasPassed(TASK_RECORD_UNHEALTHY_PRODUCTION)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
    assertThat(pi)
        .variables()
        .containsEntry(INCIDENT_REPORTED_AT.getName(), first.toString())
        .containsEntry(PRODUCTION_HEALTH_REPORT.getName(), "GET /health answered 503");

    // operations then report it needed a rollback: the release failed, since the first unhealthy
    // check
    report(pi, "Payments service down after the release", "rollback");
    assertThat(pi)
        .variables()
        .containsEntry(RELEASE_CLASSIFICATION.getName(), "failed")
        .containsEntry(INCIDENT_REPORTED_AT.getName(), first.toString());
  }

  @Test
  void anUnhealthyProductionNobodyReportedIsDegradedWhenTheObservationEnds() {
    ProcessInstance pi = inProduction();
    healthy(false);
    healthCheckAfter(Duration.ofHours(1));

    release.observationPeriodPasses(pi);
    release.execute(pi, EVENT_ANNOUNCE_RETROSPECTIVE_DUE);

    assertThat(pi).isWaitingAt(TASK_HOLD_RETROSPECTIVE);
    assertThat(pi).variables().containsEntry(RELEASE_CLASSIFICATION.getName(), "degraded");
  }

  @Test
  void aRolledBackReleaseEndsFailed() {
    healthy(false);
    ProcessInstance pi =
        engine
            .getRuntimeService()
            .createProcessInstanceByKey(ReleaseProcess.KEY)
            .businessKey("payments@2.4.0")
            .setVariables(facts())
            .startBeforeActivity(ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
            .execute();
    release.execute(
        pi,
        EVENT_ANNOUNCE_DEPLOYING,
        TASK_DEPLOY,
        TASK_VERIFY_HEALTH,
        EVENT_ANNOUNCE_DEPLOYMENT_FAILED,
        TASK_ROLL_BACK,
        EVENT_ANNOUNCE_ROLLED_BACK);
    assertThat(calledProcessInstance(DeploymentProcess.KEY, pi))
        .isWaitingAt(DeploymentProcess.Elements.TASK_REVIEW_FAILED_DEPLOYMENT);

    release.completeAs(
        "otto",
        pi,
        DeploymentProcess.Elements.TASK_REVIEW_FAILED_DEPLOYMENT,
        Map.of(
            ROLLBACK_CONFIRMED.getName(), true, FAILURE_REVIEW_NOTES.getName(), "Pool exhausted"));

    assertThat(pi).isEnded().hasPassed(EVENT_RELEASE_ROLLED_BACK);
    assertThat(historicVariable(pi, RELEASE_CLASSIFICATION.getName())).isEqualTo("failed");
    assertThat(historicVariable(pi, CLASSIFICATION_REASON.getName()).toString())
        .startsWith(
            "Rolled back after its production deployment: Health check of production failed");
  }

  @Test
  void eachActionItemBecomesATaskForItsOwnerThatIsRemindedDoneOrDroppedAndShownInTheNextPlan() {
    ProcessInstance pi = atRetrospective();
    LocalDate today = LocalDate.now(ZoneId.systemDefault());
    String due = today.plusDays(7).toString();

    release.completeAs(
        "rita",
        pi,
        TASK_HOLD_RETROSPECTIVE,
        Map.of(
            WENT_WELL.getName(),
            "Smooth QA",
            WENT_BADLY.getName(),
            "Late sign-off",
            ACTION_ITEMS.getName(),
            "Automate the smoke test; devon; "
                + due
                + "\n\nAsk CAB earlier ; otto ; "
                + today.plusDays(3)));
    release.execute(pi, TASK_START_IMPROVEMENT_ACTIONS, EVENT_ANNOUNCE_COMPLETED);

    // the release ends without waiting for them
    assertThat(pi)
        .isEnded()
        .hasPassedInOrder(
            TASK_HOLD_RETROSPECTIVE, TASK_START_IMPROVEMENT_ACTIONS, EVENT_RELEASE_COMPLETED);
    ProcessInstance smokeTest = action("payments@2.4.0#1");
    ProcessInstance askCab = action("payments@2.4.0#2");
    assertThat(smokeTest)
        .variables()
        .containsEntry(ImprovementAction.Variables.SERVICE.getName(), "payments")
        .containsEntry(ImprovementAction.Variables.RELEASE_KEY.getName(), "payments@2.4.0")
        .containsEntry(ImprovementAction.Variables.WHAT.getName(), "Automate the smoke test")
        .containsEntry(ImprovementAction.Variables.OWNER.getName(), "devon")
        .containsEntry(ImprovementAction.Variables.DUE.getName(), due);
    Task devonsTask =
        engine
            .getTaskService()
            .createTaskQuery()
            .processInstanceId(smokeTest.getId())
            .singleResult();
    assertThat(devonsTask.getTaskDefinitionKey())
        .isEqualTo(ImprovementAction.Elements.TASK_CARRY_OUT_IMPROVEMENT_ACTION);
    assertThat(devonsTask.getAssignee()).isEqualTo("devon");
    assertThat(devonsTask.getDueDate())
        .isEqualTo(Date.from(today.plusDays(7).atStartOfDay(ZoneId.systemDefault()).toInstant()));

    // due, Devon is reminded; a day later the release managers hear it is overdue
    reminders.remindAndEscalate(
        smokeTest.getId(), ImprovementAction.Elements.TASK_CARRY_OUT_IMPROVEMENT_ACTION);
    assertThat(reminders.notifications().sent())
        .extracting(n -> n.milestone() + " " + n.task())
        .containsExactly(
            "reminder Task_CarryOutImprovementAction", "escalation Task_CarryOutImprovementAction");

    // the next plan of payments shows both open items
    assertThat(nextPlan())
        .contains(
            "- Automate the smoke test — devon, due " + due + " (from payments@2.4.0)",
            "- Ask CAB earlier — otto");

    // Devon has done it, Otto drops his with a note
    completeAction(smokeTest, "devon", ImprovementAction.DONE, "Smoke test runs in CI");
    completeAction(askCab, "otto", ImprovementAction.DROPPED, "CAB meets daily now");
    assertThat(smokeTest).isEnded().hasPassed(ImprovementAction.Elements.EVENT_ACTION_DONE);
    assertThat(askCab).isEnded().hasPassed(ImprovementAction.Elements.EVENT_ACTION_DROPPED);

    // and the plan after that shows none
    assertThat(nextPlan()).isNull();
  }

  @Test
  void actionItemsThatCannotBeTrackedAreRefusedWithEveryBadLineNamed() {
    ProcessInstance pi = atRetrospective();

    assertThatThrownBy(
            () ->
                release.completeAs(
                    "rita",
                    pi,
                    TASK_HOLD_RETROSPECTIVE,
                    Map.of(
                        WENT_WELL.getName(),
                        "Smooth QA",
                        WENT_BADLY.getName(),
                        "Late sign-off",
                        ACTION_ITEMS.getName(),
                        "Keep it up\nAutomate the smoke test; nobody; 2001-01-01\n; devon; tomorrow")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Action item line 1 (\"Keep it up\"): write what; owner; due date")
        .hasMessageContaining(
            "line 2 (\"Automate the smoke test; nobody; 2001-01-01\"): 'nobody' is not a user of "
                + "Release Desk, its due date 2001-01-01 lies in the past")
        .hasMessageContaining(
            "line 3 (\"; devon; tomorrow\"): says not what is to be done, its due date "
                + "'tomorrow' is not a date like 2026-12-15");

    assertThat(pi).isWaitingAt(TASK_HOLD_RETROSPECTIVE);
    assertThat(
            engine
                .getRuntimeService()
                .createProcessInstanceQuery()
                .processDefinitionKey(ImprovementAction.KEY)
                .count())
        .isZero();
  }

  /** A release of payments 2.4.0 that has just reached production: its observation begins. */
  ProcessInstance inProduction() {
    ProcessInstance pi =
        engine
            .getRuntimeService()
            .createProcessInstanceByKey(ReleaseProcess.KEY)
            .businessKey("payments@2.4.0")
            .setVariables(facts())
            .startBeforeActivity(SUB_PROCESS_OBSERVE_PRODUCTION)
            .execute();
    assertThat(release.jobsDue(pi)).as("no save point before the observation").isEmpty();
    return pi;
  }

  ProcessInstance atRetrospective() {
    ProcessInstance pi = inProduction();
    release.observationPeriodPasses(pi);
    release.execute(pi, EVENT_ANNOUNCE_RETROSPECTIVE_DUE);
    assertThat(pi).isWaitingAt(TASK_HOLD_RETROSPECTIVE);
    return pi;
  }

  static Map<String, Object> facts() {
    var facts = new HashMap<String, Object>(Reminders.dueDateVariables());
    facts.putAll(
        Map.of(
            SERVICE.getName(),
            "payments",
            VERSION.getName(),
            "2.4.0",
            REPOSITORY.getName(),
            "file:///repos/payments",
            RELEASE_TYPE.getName(),
            "regular",
            RISK_LEVEL.getName(),
            "low",
            CANDIDATE_COMMIT.getName(),
            "3f2a9c41d0b7e85f6a1c2d3e4f5a6b7c8d9e0f1a",
            OBSERVATION_PERIOD.getName(),
            "P3D",
            REQUESTED_BY.getName(),
            "rita"));
    return facts;
  }

  void healthy(boolean healthy) {
    when(setup.healthCheck.check(PRODUCTION))
        .thenReturn(
            healthy
                ? new HealthCheck.Report(true, "GET /health answered 200")
                : new HealthCheck.Report(false, "GET /health answered 503"));
  }

  /** The hourly health check's timer fires when due (after that long), and the check runs; returns when. */
  Instant healthCheckAfter(Duration sinceStart) {
    Job timer =
        engine
            .getManagementService()
            .createJobQuery()
            .timers()
            .activityId(EVENT_HEALTH_CHECK_DUE)
            .singleResult();
    Instant due = timer.getDuedate().toInstant();
    ClockUtil.setCurrentTime(Date.from(due.plusSeconds(1)));
    engine.getManagementService().executeJob(timer.getId());
    // the check, and the next hourly ones that fell due while the clock moved on, as the job
    // executor would catch up with them
    release.runJobsUntilItWaits();
    return due.plusSeconds(1);
  }

  /** Operations report an incident, as Release Desk's API sends it. */
  void report(ProcessInstance pi, String what, String resolution) {
    engine
        .getRuntimeService()
        .createMessageCorrelation(ReleaseProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceId(pi.getId())
        .setVariable(INCIDENT_SUMMARY.getName(), what)
        .setVariable(INCIDENT_RESOLUTION.getName(), resolution)
        .setVariable(INCIDENT_REPORTED_BY.getName(), "otto")
        .correlateWithResult();
    release.execute(pi, EVENT_ANNOUNCE_RETROSPECTIVE_DUE);
  }

  ProcessInstance action(String businessKey) {
    ProcessInstance action =
        engine
            .getRuntimeService()
            .createProcessInstanceQuery()
            .processDefinitionKey(ImprovementAction.KEY)
            .processInstanceBusinessKey(businessKey)
            .singleResult();
    assertThat(action).as("improvement action %s", businessKey).isNotNull();
    return action;
  }

  void completeAction(ProcessInstance action, String owner, String outcome, String note) {
    Task task =
        engine.getTaskService().createTaskQuery().processInstanceId(action.getId()).singleResult();
    assertThat(task.getAssignee()).isEqualTo(owner);
    engine
        .getTaskService()
        .complete(
            task.getId(),
            Map.of(
                ImprovementAction.Variables.OUTCOME.getName(),
                outcome,
                ImprovementAction.Variables.NOTE.getName(),
                note));
    release.execute(action, ImprovementAction.Elements.TASK_CARRY_OUT_IMPROVEMENT_ACTION);
  }

  /** What the plan of payments' next release shows of its open action items (null: nothing). */
  String nextPlan() {
    ProcessInstance next =
        engine
            .getRuntimeService()
            .createProcessInstanceByKey(ReleaseProcess.KEY)
            .businessKey("payments@2.5.0")
            .setVariables(
                Map.of(
                    SERVICE.getName(),
                    "payments",
                    VERSION.getName(),
                    "2.5.0",
                    TARGET_DATE.getName(),
                    "2030-01-01"))
            .startBeforeActivity(TASK_PLAN_RELEASE)
            .execute();
    String shown =
        (String) engine.getRuntimeService().getVariable(next.getId(), OPEN_ACTION_ITEMS.getName());
    engine.getRuntimeService().deleteProcessInstance(next.getId(), "only its plan was looked at");
    return shown;
  }

  Object historicVariable(ProcessInstance pi, String name) {
    return engine
        .getHistoryService()
        .createHistoricVariableInstanceQuery()
        .processInstanceId(pi.getId())
        .variableName(name)
        .singleResult()
        .getValue();
  }
}
