package io.releasedesk.approval;

import static io.releasedesk.release.ReleaseProcess.RISK_DECISION_KEY;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_RULE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_REASON;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.springframework.stereotype.Component;

/**
 * Approves a release whose risk the rules rate low, and records which rule of which version of the risk table
 * allowed it, so that an auditor can trace the approval to the rule.
 */
@Component
public class ApproveAutomatically implements JavaDelegate {

  private final HistoryService historyService;
  private final RepositoryService repositoryService;

  public ApproveAutomatically(HistoryService historyService, RepositoryService repositoryService) {
    this.historyService = historyService;
    this.repositoryService = repositoryService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    APPROVAL_DECISION.on(execution).set(FourEyesApproval.APPROVE);
    APPROVED_BY.on(execution).set("");
    APPROVAL_RULE.on(execution).set(decidingRule(execution));
  }

  private String decidingRule(DelegateExecution execution) {
    String reason = RISK_REASON.from(execution).get();
    HistoricDecisionInstance decision =
        historyService
            .createHistoricDecisionInstanceQuery()
            .processInstanceId(execution.getProcessInstanceId())
            .decisionDefinitionKey(RISK_DECISION_KEY)
            .includeOutputs()
            .orderByEvaluationTime()
            .desc()
            .listPage(0, 1)
            .stream()
            .findFirst()
            .orElse(null);
    if (decision == null || decision.getOutputs().isEmpty()) {
      return "Risk rule: " + reason;
    }
    HistoricDecisionOutputInstance output = decision.getOutputs().get(0);
    int version =
        repositoryService.getDecisionDefinition(decision.getDecisionDefinitionId()).getVersion();
    return "Risk rule "
        + output.getRuleId()
        + " ("
        + RISK_DECISION_KEY
        + " version "
        + version
        + "): "
        + reason;
  }
}
