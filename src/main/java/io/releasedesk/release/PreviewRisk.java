package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.RISK_DECISION_KEY;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_PREVIEW;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_REASON;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.springframework.stereotype.Component;

/**
 * When "Plan release" opens (first, and again whenever the plan comes back), previews the risk: the risk table
 * ({@code processes/risk-assessment.dmn}, the version "Assess risk" uses) evaluated with the release's type, migrations
 * and customer impact for each size of change the plan may choose, with the reason of the rule that decides it. Only
 * a preview: nothing is recorded, and "Assess risk" decides from what the plan submits. The preview is the task's own
 * variable ({@code riskPreview}), shown read-only by the form.
 */
@Component
public class PreviewRisk implements TaskListener {

  /** The DMN engine on its own: a preview leaves no decision in the release's history. */
  private static final DmnEngine DMN =
      DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

  @Override
  public void notify(DelegateTask task) {
    RepositoryService repository = task.getProcessEngineServices().getRepositoryService();
    DmnDecision decision =
        Context.getCommandContext()
            .runWithoutAuthorization(
                () -> {
                  // "Assess risk" evaluates the latest version (decisionRef binding "latest")
                  DecisionDefinition definition =
                      repository
                          .createDecisionDefinitionQuery()
                          .decisionDefinitionKey(RISK_DECISION_KEY)
                          .latestVersion()
                          .singleResult();
                  return definition == null
                      ? null
                      : DMN.parseDecision(
                          RISK_DECISION_KEY, repository.getDecisionModel(definition.getId()));
                });
    if (decision == null) {
      return;
    }
    var inputs = new HashMap<String, Object>();
    inputs.put(RELEASE_TYPE.getName(), RELEASE_TYPE.from(task).getOrNull());
    inputs.put(
        HAS_DATABASE_MIGRATIONS.getName(),
        Boolean.TRUE.equals(HAS_DATABASE_MIGRATIONS.from(task).getOrNull()));
    inputs.put(
        CUSTOMER_FACING.getName(), Boolean.TRUE.equals(CUSTOMER_FACING.from(task).getOrNull()));
    String chosen = CHANGE_SIZE.from(task).getOrNull();
    var lines = new StringBuilder();
    for (String size : List.of("small", "medium", "large")) {
      inputs.put(CHANGE_SIZE.getName(), size);
      lines
          .append("- ")
          .append(capitalized(size))
          .append(" change: ")
          .append(risk(decision, inputs))
          .append(size.equals(chosen) ? " (the size the last plan chose)" : "")
          .append('\n');
    }
    task.setVariableLocal(RISK_PREVIEW.getName(), lines.toString().strip());
  }

  /** "**medium**, a release manager approves: large change" */
  private static String risk(DmnDecision decision, Map<String, Object> inputs) {
    DmnDecisionResultEntries result = DMN.evaluateDecision(decision, inputs).getFirstResult();
    if (result == null) {
      return "no rule of the risk table matches";
    }
    String approval =
        switch (String.valueOf(result.get(APPROVAL_POLICY.getName()))) {
          case "cab" -> "two CAB members approve";
          case "release-manager" -> "a release manager approves";
          case "automatic" -> "approved automatically";
          default -> "approval: " + result.get(APPROVAL_POLICY.getName());
        };
    return "**"
        + result.get(RISK_LEVEL.getName())
        + "** risk, "
        + approval
        + " (rule: "
        + result.get(RISK_REASON.getName())
        + ")";
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
