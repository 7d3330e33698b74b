package io.releasedesk.risk;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_REASON;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.release.ReleaseProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationListener;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.HitPolicy;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The risk table as deployed (processes/risk-assessment.dmn), evaluated with the standalone DMN engine: every rule
 * can decide a release, and every possible release gets exactly one, consistent verdict.
 */
class RiskAssessmentTest {

  static final String RESOURCE = "processes/risk-assessment.dmn";
  static final String DECISION_KEY = ReleaseProcess.RISK_DECISION_KEY;
  static final List<String> RELEASE_TYPES = List.of("regular", "hotfix");
  static final List<String> CHANGE_SIZES = List.of("small", "medium", "large");
  static final Map<String, String> POLICY_OF_RISK =
      Map.of(
          "low", "automatic",
          "medium", "release-manager",
          "high", "cab");

  static DmnEngine engine;
  static DmnDecision decision;

  /** The ids of the rules that matched in the last evaluation, as the engine reports them. */
  static final List<String> matchedRules = new ArrayList<>();

  @BeforeAll
  static void parseTheTable() throws Exception {
    DmnDecisionEvaluationListener recordMatches =
        event -> {
          if (event.getDecisionResult() instanceof DmnDecisionTableEvaluationEvent table) {
            table.getMatchingRules().stream()
                .map(DmnEvaluatedDecisionRule::getId)
                .forEach(matchedRules::add);
          }
        };
    DefaultDmnEngineConfiguration configuration =
        (DefaultDmnEngineConfiguration)
            DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
    configuration.customPostDecisionEvaluationListeners(List.of(recordMatches));
    engine = configuration.buildEngine();
    try (InputStream dmn = resource()) {
      decision = engine.parseDecision(DECISION_KEY, dmn);
    }
  }

  @BeforeEach
  void forgetEarlierMatches() {
    matchedRules.clear();
  }

  static InputStream resource() {
    InputStream dmn = RiskAssessmentTest.class.getClassLoader().getResourceAsStream(RESOURCE);
    assertThat(dmn).as(RESOURCE + " on the classpath").isNotNull();
    return dmn;
  }

  static DmnDecisionResult evaluate(
      String releaseType, String changeSize, boolean migrations, boolean customerFacing) {
    return engine.evaluateDecision(
        decision,
        Variables.createVariables()
            .putValue(RELEASE_TYPE.getName(), releaseType)
            .putValue(CHANGE_SIZE.getName(), changeSize)
            .putValue(HAS_DATABASE_MIGRATIONS.getName(), migrations)
            .putValue(CUSTOMER_FACING.getName(), customerFacing));
  }

  /**
   * One release per rule that only this rule (and the catch-all after it) matches among the rules before it, so that
   * the rule itself decides. A new rule in the table needs a row here: {@link #everyRuleOfTheTableHasARow()}.
   */
  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of(
            "Rule_HotfixWithMigrations",
            "hotfix",
            "small",
            true,
            false,
            "high",
            "cab",
            "Hotfix with database migrations"),
        Arguments.of(
            "Rule_LargeCustomerFacing",
            "regular",
            "large",
            false,
            true,
            "high",
            "cab",
            "Large customer-facing change"),
        Arguments.of(
            "Rule_CustomerFacingMigrations",
            "regular",
            "small",
            true,
            true,
            "high",
            "cab",
            "Customer-facing change with database migrations"),
        Arguments.of(
            "Rule_Hotfix",
            "hotfix",
            "small",
            false,
            false,
            "medium",
            "release-manager",
            "Hotfix: team coordination was skipped"),
        Arguments.of(
            "Rule_LargeChange",
            "regular",
            "large",
            false,
            false,
            "medium",
            "release-manager",
            "Large change"),
        Arguments.of(
            "Rule_Migrations",
            "regular",
            "medium",
            true,
            false,
            "medium",
            "release-manager",
            "Database migrations"),
        Arguments.of(
            "Rule_MediumCustomerFacing",
            "regular",
            "medium",
            false,
            true,
            "medium",
            "release-manager",
            "Medium customer-facing change"),
        Arguments.of(
            "Rule_Routine",
            "regular",
            "small",
            false,
            true,
            "low",
            "automatic",
            "Routine change: small or internal, no database migrations"));
  }

  @ParameterizedTest(name = "{0}: {1} {2} migrations={3} customerFacing={4} -> {5}/{6}")
  @MethodSource("rules")
  void eachRuleDecidesTheReleasesItIsMeantFor(
      String ruleId,
      String releaseType,
      String changeSize,
      boolean migrations,
      boolean customerFacing,
      String riskLevel,
      String approvalPolicy,
      String riskReason) {
    // when a release of this kind is assessed
    DmnDecisionResult result = evaluate(releaseType, changeSize, migrations, customerFacing);

    // then this rule decides it, with its risk, approval policy and reason
    assertThat(matchedRules).containsExactly(ruleId);
    assertThat(result.getSingleResult().getEntryMap())
        .containsOnly(
            Map.entry(RISK_LEVEL.getName(), riskLevel),
            Map.entry(APPROVAL_POLICY.getName(), approvalPolicy),
            Map.entry(RISK_REASON.getName(), riskReason));
  }

  @Test
  void everyRuleOfTheTableHasARow() {
    List<String> tested = rules().map(row -> (String) row.get()[0]).toList();

    assertThat(tested)
        .as("rules with a row in rules()")
        .containsExactlyInAnyOrderElementsOf(ruleIdsInTheTable());
  }

  @Test
  void firstMatchingRuleWinsSoTheOrderOfTheRowsIsTheOrderOfTheTable() {
    // the rows above assume FIRST: a riskier rule earlier in the table shadows the later ones
    DecisionTable table = model().getModelElementById("DecisionTable_RiskAssessment");
    assertThat(table.getHitPolicy()).isEqualTo(HitPolicy.FIRST);
    assertThat(rules().map(row -> (String) row.get()[0]).toList())
        .containsExactlyElementsOf(ruleIdsInTheTable());
  }

  @Test
  void everyPossibleReleaseGetsExactlyOneConsistentVerdict() {
    var riskLevels = new ArrayList<String>();
    for (String releaseType : RELEASE_TYPES) {
      for (String changeSize : CHANGE_SIZES) {
        for (boolean migrations : new boolean[] {false, true}) {
          for (boolean customerFacing : new boolean[] {false, true}) {
            String release =
                releaseType
                    + " "
                    + changeSize
                    + " migrations="
                    + migrations
                    + " customerFacing="
                    + customerFacing;
            DmnDecisionResult result =
                evaluate(releaseType, changeSize, migrations, customerFacing);

            assertThat(result.getResultList()).as("verdicts on " + release).hasSize(1);
            String risk = result.getSingleResult().getEntry(RISK_LEVEL.getName());
            String policy = result.getSingleResult().getEntry(APPROVAL_POLICY.getName());
            String reason = result.getSingleResult().getEntry(RISK_REASON.getName());
            assertThat(POLICY_OF_RISK).as("risk level of " + release).containsKey(risk);
            assertThat(policy)
                .as("approval policy of " + release + " at risk " + risk)
                .isEqualTo(POLICY_OF_RISK.get(risk));
            assertThat(reason).as("reason given for " + release).isNotBlank();
            riskLevels.add(risk);
          }
        }
      }
    }
    assertThat(riskLevels).hasSize(24);
    // all three levels occur: the table does not collapse to one answer
    assertThat(riskLevels).containsOnly("low", "medium", "high");
  }

  @Test
  void migrationsOrAHotfixAreNeverApprovedAutomatically() {
    for (String releaseType : RELEASE_TYPES) {
      for (String changeSize : CHANGE_SIZES) {
        for (boolean customerFacing : new boolean[] {false, true}) {
          assertThat(
                  (String)
                      evaluate(releaseType, changeSize, true, customerFacing)
                          .getSingleResult()
                          .getEntry(APPROVAL_POLICY.getName()))
              .isNotEqualTo("automatic");
          assertThat(
                  (String)
                      evaluate("hotfix", changeSize, false, customerFacing)
                          .getSingleResult()
                          .getEntry(APPROVAL_POLICY.getName()))
              .isNotEqualTo("automatic");
        }
      }
    }
  }

  static DmnModelInstance model() {
    try (InputStream dmn = resource()) {
      return Dmn.readModelFromStream(dmn);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> ruleIdsInTheTable() {
    Decision risk = model().getModelElementById(DECISION_KEY);
    DecisionTable table = (DecisionTable) risk.getExpression();
    List<String> ids = table.getRules().stream().map(Rule::getId).toList();
    assertThat(ids).as("rules of " + DECISION_KEY).isNotEmpty().doesNotHaveDuplicates();
    return ids;
  }
}
