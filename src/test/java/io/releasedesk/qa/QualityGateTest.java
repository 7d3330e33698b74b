package io.releasedesk.qa;

import static io.releasedesk.release.ReleaseProcess.Variables.COVERAGE;
import static io.releasedesk.release.ReleaseProcess.Variables.COVERAGE_CHANGE;
import static io.releasedesk.release.ReleaseProcess.Variables.CRITICAL_FAILURES;
import static io.releasedesk.release.ReleaseProcess.Variables.OPEN_BLOCKERS;
import static io.releasedesk.release.ReleaseProcess.Variables.PASS_RATE;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcessSetup;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The quality gate as deployed (processes/quality-gate.dmn), through the engine's decision service: each rule decides
 * a candidate, the stricter rules first.
 */
@Deployment(resources = "processes/quality-gate.dmn")
class QualityGateTest {

  @RegisterExtension
  static ProcessEngineExtension extension =
      ProcessEngineExtension.builder()
          .configurationResource(ReleaseProcessSetup.ENGINE_CONFIGURATION)
          .build();

  ProcessEngine engine;

  /** A candidate the gate passes: every test green, coverage held, nothing open, low risk. */
  static Map<String, Object> green() {
    var inputs = new HashMap<String, Object>();
    inputs.put(PASS_RATE.getName(), 100.0);
    inputs.put(CRITICAL_FAILURES.getName(), 0);
    inputs.put(COVERAGE.getName(), 82.0);
    inputs.put(COVERAGE_CHANGE.getName(), 0.4);
    inputs.put(OPEN_BLOCKERS.getName(), 0);
    inputs.put(RISK_LEVEL.getName(), "low");
    return inputs;
  }

  @ParameterizedTest(name = "{0}={1} → {2}: {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
      passRate         | null | review | No test ran: QA verifies by hand
      criticalFailures | 1    | fail   | Tests failed in a critical suite
      openBlockers     | 2    | fail   | Blocker defects are open
      passRate         | 94.9 | fail   | Fewer than 95 % of the tests passed
      passRate         | 97.5 | review | Some tests failed outside the critical suites
      coverageChange   | -2.5 | review | Coverage fell by more than 2 points since the last release
      coverage         | 59.9 | review | Coverage is below 60 %
      """)
  void eachRuleDecides(String input, String value, String verdict, String reason) {
    var inputs = green();
    inputs.put(
        input,
        value == null
            ? null
            : input.equals(CRITICAL_FAILURES.getName()) || input.equals(OPEN_BLOCKERS.getName())
                ? (Object) Integer.valueOf(value)
                : (Object) Double.valueOf(value));

    assertThat(evaluate(inputs))
        .containsExactly(
            Map.entry(QUALITY_GATE.getName(), verdict),
            Map.entry(QUALITY_GATE_REASON.getName(), reason));
  }

  @Test
  void aHighRiskReleaseFailsOnAnyFailedTestAndNeedsACoverageFigure() {
    var failing = green();
    failing.put(RISK_LEVEL.getName(), "high");
    failing.put(PASS_RATE.getName(), 99.5);
    assertThat(evaluate(failing))
        .containsEntry(QUALITY_GATE.getName(), "fail")
        .containsEntry(QUALITY_GATE_REASON.getName(), "A high-risk release with failed tests");

    var withoutCoverage = green();
    withoutCoverage.put(RISK_LEVEL.getName(), "high");
    withoutCoverage.put(COVERAGE.getName(), null);
    withoutCoverage.put(COVERAGE_CHANGE.getName(), null);
    assertThat(evaluate(withoutCoverage))
        .containsEntry(QUALITY_GATE.getName(), "review")
        .containsEntry(
            QUALITY_GATE_REASON.getName(), "A high-risk release without a coverage figure");
  }

  @Test
  void allGreenPassesAlsoWithoutCoverageAtLowRisk() {
    assertThat(evaluate(green()))
        .containsEntry(QUALITY_GATE.getName(), "pass")
        .containsEntry(QUALITY_GATE_REASON.getName(), "All tests passed, coverage held");
    var withoutCoverage = green();
    withoutCoverage.put(COVERAGE.getName(), null);
    withoutCoverage.put(COVERAGE_CHANGE.getName(), null);
    assertThat(evaluate(withoutCoverage)).containsEntry(QUALITY_GATE.getName(), "pass");
  }

  @Test
  void theStricterRuleWinsWhenSeveralMatch() {
    var inputs = green();
    inputs.put(PASS_RATE.getName(), 50.0);
    inputs.put(CRITICAL_FAILURES.getName(), 3);
    inputs.put(COVERAGE_CHANGE.getName(), -10.0);

    assertThat(evaluate(inputs))
        .containsEntry(QUALITY_GATE_REASON.getName(), "Tests failed in a critical suite");
  }

  private Map<String, Object> evaluate(Map<String, Object> inputs) {
    var result =
        engine
            .getDecisionService()
            .evaluateDecisionTableByKey(ReleaseProcess.QUALITY_GATE_DECISION_KEY, inputs)
            .getSingleResult();
    return result.getEntryMap();
  }
}
