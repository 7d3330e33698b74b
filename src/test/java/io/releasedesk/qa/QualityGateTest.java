package io.releasedesk.qa;

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
    inputs.put("passRate", 100.0);
    inputs.put("criticalFailures", 0);
    inputs.put("coverage", 82.0);
    inputs.put("coverageChange", 0.4);
    inputs.put("openBlockers", 0);
    inputs.put("riskLevel", "low");
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
            : input.equals("criticalFailures") || input.equals("openBlockers")
                ? (Object) Integer.valueOf(value)
                : (Object) Double.valueOf(value));

    assertThat(evaluate(inputs))
        .containsExactly(Map.entry("qualityGate", verdict), Map.entry("qualityGateReason", reason));
  }

  @Test
  void aHighRiskReleaseFailsOnAnyFailedTestAndNeedsACoverageFigure() {
    var failing = green();
    failing.put("riskLevel", "high");
    failing.put("passRate", 99.5);
    assertThat(evaluate(failing))
        .containsEntry("qualityGate", "fail")
        .containsEntry("qualityGateReason", "A high-risk release with failed tests");

    var withoutCoverage = green();
    withoutCoverage.put("riskLevel", "high");
    withoutCoverage.put("coverage", null);
    withoutCoverage.put("coverageChange", null);
    assertThat(evaluate(withoutCoverage))
        .containsEntry("qualityGate", "review")
        .containsEntry("qualityGateReason", "A high-risk release without a coverage figure");
  }

  @Test
  void allGreenPassesAlsoWithoutCoverageAtLowRisk() {
    assertThat(evaluate(green()))
        .containsEntry("qualityGate", "pass")
        .containsEntry("qualityGateReason", "All tests passed, coverage held");
    var withoutCoverage = green();
    withoutCoverage.put("coverage", null);
    withoutCoverage.put("coverageChange", null);
    assertThat(evaluate(withoutCoverage)).containsEntry("qualityGate", "pass");
  }

  @Test
  void theStricterRuleWinsWhenSeveralMatch() {
    var inputs = green();
    inputs.put("passRate", 50.0);
    inputs.put("criticalFailures", 3);
    inputs.put("coverageChange", -10.0);

    assertThat(evaluate(inputs))
        .containsEntry("qualityGateReason", "Tests failed in a critical suite");
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
