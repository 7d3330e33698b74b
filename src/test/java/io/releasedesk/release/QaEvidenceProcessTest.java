package io.releasedesk.release;

import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYED;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYING;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_DEPLOY;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_VERIFY_HEALTH;
import static io.releasedesk.release.ReleaseDriver.APPROVED_TO_OBSERVATION;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_PLANNED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_REQUESTED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ASK_FOR_APPROVAL;
import static io.releasedesk.release.ReleaseProcess.Elements.GATEWAY_AWAIT_TEST_RESULTS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPLY_QUALITY_GATE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CUT_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_DRAFT_RELEASE_NOTES;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_FIX_DEFECTS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PROPOSE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_RECORD_MANUAL_VERIFICATION;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.FAILED_TESTS;
import static io.releasedesk.release.ReleaseProcess.Variables.FIX_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_RESULTS;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_RUN_URL;
import static io.releasedesk.release.ReleaseProcess.Variables.VERIFIED_WITHOUT_RESULTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

import io.releasedesk.qa.QaProperties;
import io.releasedesk.qa.TestResultsIntake;
import io.releasedesk.qa.TestRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Quality assurance on evidence: after staging the release waits for its candidate's test results; the quality gate
 * sends a failed candidate to the developers and the others to QA; without results in time QA verifies by hand.
 */
class QaEvidenceProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ReleaseProcessSetup.engine().build();

  static final String SHA_1 = ReleaseProcessSetup.CANDIDATE_SHA;
  static final String SHA_2 = ReleaseProcessSetup.NEXT_CANDIDATE_SHA;
  static final QaProperties QA = QaProperties.waitingFor(Duration.ofHours(2), "*Smoke*");

  ProcessEngine engine;
  ReleaseProcessSetup setup = new ReleaseProcessSetup();
  ReleaseDriver release;

  @BeforeEach
  void registerDelegates() {
    // two candidates; the release waits for the test results of each on staging
    setup.qa = QA;
    setup.cutsTwoCandidates(SHA_2);
    setup.register(engine);
    release = new ReleaseDriver(engine);
  }

  @AfterEach
  void reset() {
    setup.reset();
  }

  @Test
  void greenResultsPassTheGateAndQaSignsOffSeeingThem() {
    ProcessInstance pi = onStaging();
    assertThat(pi).isWaitingAt(GATEWAY_AWAIT_TEST_RESULTS);

    deliver(pi, "2.4.0-rc.1", run(suite("io.shop.payments.CheckoutTest", 120, 0, 2), 81.4));

    assertThat(pi)
        .isWaitingAt(TASK_VERIFY_RELEASE_CANDIDATE)
        .variables()
        .containsEntry(QUALITY_GATE.getName(), "pass")
        .containsEntry(QUALITY_GATE_REASON.getName(), "All tests passed, coverage held")
        .containsEntry(
            TEST_RESULTS.getName(),
            "120 passed, 0 failed, 2 skipped (100.0 % passed) · coverage 81.4 % · 0 open blocker defect(s)")
        .containsEntry(TEST_RUN_URL.getName(), "https://ci.example.com/runs/1");
    assertThat(pi).hasPassed(TASK_APPLY_QUALITY_GATE).hasNotPassed(TASK_RECORD_MANUAL_VERIFICATION);
    release.completeAs("quinn", pi, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    release.execute(
        pi, TASK_VERIFY_RELEASE_CANDIDATE, TASK_DRAFT_RELEASE_NOTES, EVENT_ASK_FOR_APPROVAL);
    release.execute(pi, APPROVED_TO_OBSERVATION);
    assertThat(pi).hasPassed(TASK_DRAFT_RELEASE_NOTES);
  }

  @Test
  void
      aFailedCriticalSuiteSendsTheCandidateToTheDevelopersWithItsFailuresAndTheNextCandidateWaitsAfresh() {
    ProcessInstance pi = onStaging();

    deliver(pi, "2.4.0-rc.1", run(suite("Smoke checkout", 9, 1, 0), 80.0));

    assertThat(pi)
        .isWaitingAt(TASK_FIX_DEFECTS)
        .variables()
        .containsEntry(QUALITY_GATE.getName(), "fail")
        .containsEntry(QUALITY_GATE_REASON.getName(), "Tests failed in a critical suite");
    assertThat((String) runtimeService().getVariable(pi.getId(), FAILED_TESTS.getName()))
        .contains(
            "**paysWithCard** (Smoke checkout): expected 200 but was 500",
            "at Checkout.pay(Checkout.java:12)");

    // the developers fix it; rc.2 is cut from the new head and waits for its own results
    release.completeAs(
        "devon", pi, TASK_FIX_DEFECTS, Map.of(FIX_SUMMARY.getName(), "Checkout answers 200 again"));
    release.execute(
        pi,
        TASK_FIX_DEFECTS,
        TASK_CUT_RELEASE_CANDIDATE,
        EVENT_ANNOUNCE_DEPLOYING,
        TASK_DEPLOY,
        TASK_VERIFY_HEALTH,
        EVENT_ANNOUNCE_DEPLOYED);
    assertThat(pi)
        .isWaitingAt(GATEWAY_AWAIT_TEST_RESULTS)
        .variables()
        .containsEntry(CANDIDATE_VERSION.getName(), "2.4.0-rc.2")
        .doesNotContainKeys(QUALITY_GATE.getName(), FAILED_TESTS.getName(), TEST_RESULTS.getName());

    // results for rc.1 no longer reach the release
    assertThatThrownBy(
            () -> deliver(pi, "2.4.0-rc.1", run(suite("Smoke checkout", 10, 0, 0), 80.0)))
        .hasMessageContaining("Cannot correlate message");

    deliver(pi, "2.4.0-rc.2", run(suite("Smoke checkout", 10, 0, 0), 80.5));
    assertThat(pi)
        .isWaitingAt(TASK_VERIFY_RELEASE_CANDIDATE)
        .variables()
        .containsEntry(QUALITY_GATE.getName(), "pass");
  }

  @Test
  void failuresOutsideTheCriticalSuitesGoToQaForReview() {
    ProcessInstance pi = onStaging();

    deliver(pi, "2.4.0-rc.1", run(suite("io.shop.payments.ReportsTest", 98, 1, 0), 80.0));

    assertThat(pi)
        .isWaitingAt(TASK_VERIFY_RELEASE_CANDIDATE)
        .variables()
        .containsEntry(QUALITY_GATE.getName(), "review")
        .containsEntry(
            QUALITY_GATE_REASON.getName(), "Some tests failed outside the critical suites");
  }

  @Test
  void withoutResultsInTimeQaVerifiesByHandAndTheReleaseRecordsIt() {
    ProcessInstance pi = onStaging();

    release.observationPeriodPasses(pi); // the only timer: no results in time
    assertThat(release.jobsDue(pi)).isEmpty();

    assertThat(pi)
        .isWaitingAt(TASK_VERIFY_RELEASE_CANDIDATE)
        .hasPassed(TASK_RECORD_MANUAL_VERIFICATION)
        .hasNotPassed(TASK_APPLY_QUALITY_GATE);
    assertThat(pi)
        .variables()
        .containsEntry(VERIFIED_WITHOUT_RESULTS.getName(), true)
        .containsEntry(
            TEST_RESULTS.getName(),
            "No test results from CI within PT2H: QA verifies this candidate by hand");
    assertThatThrownBy(() -> deliver(pi, "2.4.0-rc.1", run(suite("late", 1, 0, 0), null)))
        .hasMessageContaining("Cannot correlate message");
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

  private static TestRun run(TestRun.Suite suite, Double coverage) {
    return new TestRun(List.of(suite), coverage, "https://ci.example.com/runs/1", 0, null);
  }

  private static TestRun.Suite suite(String name, int passed, int failed, int skipped) {
    var failures =
        java.util.stream.IntStream.range(0, failed)
            .mapToObj(
                i ->
                    new TestRun.FailedTest(
                        name,
                        "paysWithCard",
                        "expected 200 but was 500",
                        "AssertionError: expected 200 but was 500\n"
                            + "\tat Checkout.pay(Checkout.java:12)"))
            .toList();
    return new TestRun.Suite(name, passed, failed, skipped, failures);
  }
}
