package io.releasedesk.release;

import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYED;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYING;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYMENT_FAILED;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_ROLLED_BACK;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_DEPLOY;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_ROLL_BACK;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_VERIFY_HEALTH;
import static io.releasedesk.deployment.DeploymentProcess.Variables.FAILURE_REVIEW_NOTES;
import static io.releasedesk.deployment.DeploymentProcess.Variables.ROLLBACK_CONFIRMED;
import static io.releasedesk.release.ReleaseDriver.APPROVED_TO_OBSERVATION;
import static io.releasedesk.release.ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_STAGING;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_PLANNED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_REQUESTED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ASK_FOR_APPROVAL;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_OBSERVATION_PERIOD_OVER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_COMPILE_RELEASE_NOTES;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CUT_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_DRAFT_RELEASE_NOTES;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_FIX_DEFECTS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PROPOSE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_RECORD_QUALITY_GATE_OVERRIDE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.FIX_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDE_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.deployment.HealthCheck;
import io.releasedesk.engine.ConflictException;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.qa.QaProperties;
import io.releasedesk.qa.TestResultsIntake;
import io.releasedesk.qa.TestRun;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * QA override of fail: a candidate the quality gate failed waits at Fix defects; a member of QA may send it to
 * verification anyway, once, with a justification, and the release records who, when and why, up to its release
 * notes. The rule is the model's step's own: the message alone, or sent for someone outside QA, or for a candidate the
 * gate did not fail, changes nothing. (Doors covered here: Java, as trusted code; the API and the engine REST API are
 * covered by QualityGateOverrideApiTest.)
 */
class QaOverrideProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ReleaseProcessSetup.engine().build();

  static final String SHA_1 = ReleaseProcessSetup.CANDIDATE_SHA;
  static final String SHA_2 = ReleaseProcessSetup.NEXT_CANDIDATE_SHA;
  static final QaProperties QA = QaProperties.waitingFor(Duration.ofHours(2), "*Smoke*");
  static final String WHY =
      "The failing smoke test hits the sandbox card network, down since this morning";

  ProcessEngine engine;
  ReleaseProcessSetup setup = new ReleaseProcessSetup();
  ReleaseDriver release;

  @BeforeEach
  void registerDelegates() {
    // two candidates; the release waits for the test results of each on staging
    setup.qa = QA;
    setup.cutsTwoCandidates(SHA_1);
    setup.register(engine);
    release = new ReleaseDriver(engine);
    // the step asks the identity service who is in QA
    person("quinn", ReleaseProcess.Groups.QA);
    person("devon", ReleaseProcess.Groups.DEVELOPERS);
  }

  @AfterEach
  void reset() {
    setup.reset();
    IdentityService identity = engine.getIdentityService();
    identity.deleteUser("quinn");
    identity.deleteUser("devon");
    identity.deleteGroup(ReleaseProcess.Groups.QA);
    identity.deleteGroup(ReleaseProcess.Groups.DEVELOPERS);
  }

  @Test
  void qaSendsAFailedCandidateToVerificationWithAJustificationAndTheReleaseKeepsIt() {
    // the gate fails rc.1: the developers are asked to fix it
    ProcessInstance pi = onStaging();
    deliver(pi, "2.4.0-rc.1", run(suite("Smoke checkout", 9, 1, 0)));
    assertThat(pi)
        .isWaitingAt(TASK_FIX_DEFECTS)
        .variables()
        .containsEntry(QUALITY_GATE.getName(), "fail");

    // the message alone, or for someone outside QA, or without words, is refused and changes
    // nothing
    assertThatThrownBy(() -> override(pi, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "QA overrides the quality gate with a justification, through POST "
                + "/api/releases/payments@2.4.0/candidates/2.4.0-rc.1/override");
    assertThatThrownBy(() -> override(pi, by("devon", "Looks fine to me")))
        .isInstanceOf(AuthorizationException.class)
        .hasMessageContaining(
            "Only QA (group qa) overrides the quality gate; devon is not a member");
    assertThatThrownBy(() -> override(pi, by("quinn", "  ")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("needs a justification");
    assertThatThrownBy(() -> override(pi, by("quinn", "x".repeat(4001))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at most 4000 characters");
    assertThat(pi)
        .isWaitingAt(TASK_FIX_DEFECTS)
        .variables()
        .doesNotContainKeys(
            QUALITY_GATE_OVERRIDDEN_BY.getName(),
            QUALITY_GATE_OVERRIDE_JUSTIFICATION.getName(),
            QUALITY_GATE_OVERRIDDEN_AT.getName());

    // Quinn overrides it: the developers' task ends and QA verifies rc.1, seeing who overrode it
    // and why
    Instant before = Instant.now().minusSeconds(1);
    override(pi, by("quinn", WHY));
    assertThat(release.jobsDue(pi))
        .as("the override runs to QA's task in its transaction")
        .isEmpty();

    assertThat(pi)
        .isWaitingAt(TASK_VERIFY_RELEASE_CANDIDATE)
        .hasPassed(TASK_RECORD_QUALITY_GATE_OVERRIDE);
    assertThat(release.openTasks(pi, TASK_FIX_DEFECTS)).isEmpty();
    assertThat(pi)
        .variables()
        .containsEntry(CANDIDATE_VERSION.getName(), "2.4.0-rc.1")
        .containsEntry(QUALITY_GATE.getName(), "fail")
        .containsEntry(QUALITY_GATE_REASON.getName(), "Tests failed in a critical suite")
        .containsEntry(QUALITY_GATE_OVERRIDDEN_BY.getName(), "quinn")
        .containsEntry(QUALITY_GATE_OVERRIDE_JUSTIFICATION.getName(), WHY);
    String at = QUALITY_GATE_OVERRIDDEN_AT.from(engine.getRuntimeService(), pi.getId()).get();
    assertThat(Instant.parse(at)).isBetween(before, Instant.now().plusSeconds(1));
    assertThatThrownBy(() -> override(pi, by("quinn", WHY)))
        .as("nothing waits for an override now")
        .isInstanceOf(MismatchingMessageCorrelationException.class);

    // QA passes it; it ships, and the release notes say the gate failed it and who overrode it,
    // when and why
    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);
    release.execute(pi, APPROVED_TO_OBSERVATION);
    assertThat(pi).isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER).hasPassed(TASK_COMPILE_RELEASE_NOTES);
    FileValue notes =
        engine
            .getRuntimeService()
            .getVariableTyped(pi.getId(), ReleaseProcess.Variables.RELEASE_NOTES);
    assertThat(new String(ReleaseDriver.bytes(notes), StandardCharsets.UTF_8))
        .endsWith(
            """
        ## Quality assurance

        Regression suite green, exploratory done

        - Test results: 9 passed, 1 failed, 0 skipped (90.0 % passed) · coverage 80.0 % · 0 open blocker defect(s)
        - CI run: https://ci.example.com/runs/1
        - Quality gate: fail (Tests failed in a critical suite); overridden by QA: quinn sent the candidate to \
        verification on AT: WHY
        """
                .replace("AT", at)
                .replace("WHY", WHY));
  }

  @Test
  void anOverrideCountsOnceForItsCandidateAndTheNextCandidateStartsWithout() {
    ProcessInstance pi = onStaging();
    deliver(pi, "2.4.0-rc.1", run(suite("Smoke checkout", 9, 1, 0)));
    override(pi, by("quinn", WHY));
    assertThat(release.jobsDue(pi))
        .as("the override runs to QA's task in its transaction")
        .isEmpty();

    // QA fails the overridden candidate after all: back at Fix defects, it cannot be overridden
    // again, even with
    // the words of the first override still on the release
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
            "Card payments do fail"));
    release.execute(pi, TASK_VERIFY_RELEASE_CANDIDATE);
    assertThat(pi).isWaitingAt(TASK_FIX_DEFECTS);
    assertThatThrownBy(() -> override(pi, by("quinn", "Second thoughts")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(
            "QA overrode the quality gate's fail of 2.4.0-rc.1 of payments@2.4.0 already");
    assertThatThrownBy(() -> override(pi, Map.of()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already");
    assertThat(pi)
        .isWaitingAt(TASK_FIX_DEFECTS)
        .variables()
        .containsEntry(QUALITY_GATE_OVERRIDE_JUSTIFICATION.getName(), WHY);

    // fixed: rc.2 starts without a verdict and without an override
    release.completeAs(
        "devon", pi, TASK_FIX_DEFECTS, Map.of(FIX_SUMMARY.getName(), "Card payments work"));
    release.execute(
        pi,
        TASK_FIX_DEFECTS,
        TASK_CUT_RELEASE_CANDIDATE,
        EVENT_ANNOUNCE_DEPLOYING,
        TASK_DEPLOY,
        TASK_VERIFY_HEALTH,
        EVENT_ANNOUNCE_DEPLOYED);
    assertThat(pi)
        .variables()
        .containsEntry(CANDIDATE_VERSION.getName(), "2.4.0-rc.2")
        .doesNotContainKeys(
            QUALITY_GATE.getName(),
            QUALITY_GATE_OVERRIDDEN_BY.getName(),
            QUALITY_GATE_OVERRIDE_JUSTIFICATION.getName(),
            QUALITY_GATE_OVERRIDDEN_AT.getName());
  }

  @Test
  void onlyAFailOfTheGateIsOverridden() {
    // the gate asks for a review; QA fails the candidate: that verdict is QA's own, not the gate's
    ProcessInstance reviewed = onStaging();
    deliver(reviewed, "2.4.0-rc.1", run(suite("io.shop.payments.ReportsTest", 98, 1, 0)));
    release.completeAs(
        "quinn",
        reviewed,
        TASK_VERIFY_RELEASE_CANDIDATE,
        Map.of(
            QA_RESULT.getName(),
            "fail",
            DEFECTS_FOUND.getName(),
            1,
            TEST_SUMMARY.getName(),
            "Reports are off by one"));
    release.execute(reviewed, TASK_VERIFY_RELEASE_CANDIDATE);
    assertThat(reviewed).isWaitingAt(TASK_FIX_DEFECTS);
    assertThatThrownBy(() -> override(reviewed, by("quinn", WHY)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(
            "The quality gate did not fail candidate 2.4.0-rc.1 of payments@2.4.0: its verdict is "
                + "review; QA overrides only a fail");
    assertThat(reviewed).isWaitingAt(TASK_FIX_DEFECTS);
    engine.getRuntimeService().deleteProcessInstance(reviewed.getId(), "test over");

    // the staging deployment failed: there is no verdict at all
    when(setup.healthCheck.check(any()))
        .thenReturn(new HealthCheck.Report(false, "GET /health answered 503"));
    ProcessInstance failedOnStaging =
        release.request(ReleaseDriver.requestValues(Map.of(VERSION.getName(), "2.5.0")));
    release.execute(failedOnStaging, EVENT_ANNOUNCE_REQUESTED, TASK_PROPOSE_VERSION);
    release.plan(failedOnStaging, "small");
    release.execute(failedOnStaging, TASK_PLAN_RELEASE, EVENT_ANNOUNCE_PLANNED);
    release.allTeamsReady(failedOnStaging);
    release.execute(
        failedOnStaging,
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
    release.completeAs(
        "otto",
        failedOnStaging,
        DeploymentProcess.Elements.TASK_REVIEW_FAILED_DEPLOYMENT,
        Map.of(
            ROLLBACK_CONFIRMED.getName(),
            true,
            FAILURE_REVIEW_NOTES.getName(),
            "Config missing on staging"));
    assertThat(failedOnStaging)
        .isWaitingAt(TASK_FIX_DEFECTS)
        .hasPassed(CALL_ACTIVITY_DEPLOY_TO_STAGING);
    assertThatThrownBy(() -> override(failedOnStaging, by("quinn", WHY)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("it has no verdict");
  }

  private ProcessInstance onStaging() {
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
        EVENT_ANNOUNCE_DEPLOYED);
    return pi;
  }

  /** The message, as trusted Java code sends it, with these variables. */
  private void override(ProcessInstance pi, Map<String, Object> variables) {
    engine
        .getRuntimeService()
        .createMessageCorrelation(ReleaseProcess.MESSAGE_QUALITY_GATE_OVERRIDDEN)
        .processInstanceId(pi.getId())
        .setVariables(variables)
        .correlateWithResult();
  }

  private static Map<String, Object> by(String user, String justification) {
    return Map.of(
        QUALITY_GATE_OVERRIDDEN_BY.getName(),
        user,
        QUALITY_GATE_OVERRIDE_JUSTIFICATION.getName(),
        justification);
  }

  /** As the API does it: trusted code correlates the message with the results. */
  private void deliver(ProcessInstance pi, String candidate, TestRun run) {
    engine
        .getRuntimeService()
        .createMessageCorrelation(ReleaseProcess.MESSAGE_TEST_RESULTS_RECEIVED)
        .processInstanceId(pi.getId())
        .processInstanceVariableEquals(CANDIDATE_VERSION.getName(), candidate)
        .setVariables(TestResultsIntake.variables(run, QA, null, candidate))
        .correlateWithResult();
    // the gate decides in the message's transaction: no save point follows
    assertThat(release.jobsDue(pi)).isEmpty();
  }

  private void person(String id, String group) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createGroupQuery().groupId(group).count() == 0) {
      identity.saveGroup(identity.newGroup(group));
    }
    if (identity.createUserQuery().userId(id).count() == 0) {
      identity.saveUser(identity.newUser(id));
      identity.createMembership(id, group);
    }
  }

  private static TestRun run(TestRun.Suite suite) {
    return new TestRun(List.of(suite), 80.0, "https://ci.example.com/runs/1", 0, null);
  }

  private static TestRun.Suite suite(String name, int passed, int failed, int skipped) {
    var failures =
        IntStream.range(0, failed)
            .mapToObj(
                i ->
                    new TestRun.FailedTest(
                        name,
                        "paysWithCard",
                        "expected 200 but was 500",
                        "AssertionError: expected 200 but was 500"))
            .toList();
    return new TestRun.Suite(name, passed, failed, skipped, failures);
  }
}
