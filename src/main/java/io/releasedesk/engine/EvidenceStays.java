package io.releasedesk.engine;

import java.util.Collection;
import java.util.Optional;
import org.camunda.bpm.engine.impl.cmd.DeleteDeploymentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricCaseInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricCaseInstancesBulkCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricTaskInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricVariableInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteHistoricVariableInstancesByProcessInstanceIdCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessDefinitionsByIdsCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessDefinitionsByKeyCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteUserOperationLogEntryCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateDecisionDefinitionHistoryTimeToLiveCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateProcessDefinitionHistoryTimeToLiveCmd;
import org.camunda.bpm.engine.impl.cmd.batch.DeleteHistoricProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.DeleteProcessInstanceBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.removaltime.SetRemovalTimeToHistoricDecisionInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.batch.removaltime.SetRemovalTimeToHistoricProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmmn.cmd.UpdateCaseDefinitionHistoryTimeToLiveCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstanceByDefinitionIdCmd;
import org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstanceByInstanceIdCmd;
import org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstancesBatchCmd;
import org.camunda.bpm.engine.impl.dmn.cmd.DeleteHistoricDecisionInstancesBulkCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * A release, and the evidence of what happened to it, stays: a running release ends only through its model
 * (cancelled with a reason), its history (steps, variables, tasks, risk decisions, the user operation log) is not
 * deleted nor given an earlier removal time, and the model it ran on is not deleted with it. Camunda lets whoever
 * holds the delete permissions erase each of these, and administrators hold them all; this interceptor refuses the
 * commands themselves, for people (see {@link AlongItsModelOnly#issuedByAPerson()}), administrators included.
 * Trusted code (the engine's history cleanup by historyTimeToLive, tests clearing up) runs without an authenticated
 * user and is not bound. A model that never ran an instance (a process owner's trial) may still be deleted.
 */
class EvidenceStays extends CommandInterceptor {

  static final String ENDS_THROUGH_ITS_MODEL = "A release ends only through its model";
  static final String CANCEL_INSTEAD =
      "cancel a release with its reason (POST /api/releases/{key}/cancel)";
  static final String HISTORY_IS_EVIDENCE = "A release's history is evidence nobody erases";
  static final String MODEL_STAYS = "A model that ran releases stays with their history";

  @Override
  public <T> T execute(Command<T> command) {
    if (AlongItsModelOnly.issuedByAPerson()) {
      refusal(command, Context.getCommandContext())
          .ifPresent(
              reason -> {
                throw new ErasesEvidenceException(reason);
              });
    }
    return next.execute(command);
  }

  /** Why a person may not issue this command, if they may not. */
  static Optional<String> refusal(Command<?> command, CommandContext context) {
    if (command instanceof DeleteProcessInstanceCmd
        || command instanceof DeleteProcessInstancesCmd
        || command instanceof DeleteProcessInstanceBatchCmd) {
      return Optional.of(
          ENDS_THROUGH_ITS_MODEL
              + ": a running process instance is not deleted; "
              + CANCEL_INSTEAD);
    }
    if (command instanceof DeleteHistoricProcessInstancesCmd
        || command instanceof DeleteHistoricProcessInstancesBatchCmd
        || command instanceof DeleteHistoricVariableInstanceCmd
        || command instanceof DeleteHistoricVariableInstancesByProcessInstanceIdCmd
        || command instanceof DeleteHistoricTaskInstanceCmd
        || command instanceof DeleteHistoricDecisionInstanceByDefinitionIdCmd
        || command instanceof DeleteHistoricDecisionInstanceByInstanceIdCmd
        || command instanceof DeleteHistoricDecisionInstancesBatchCmd
        || command instanceof DeleteHistoricDecisionInstancesBulkCmd
        || command instanceof DeleteHistoricCaseInstanceCmd
        || command instanceof DeleteHistoricCaseInstancesBulkCmd
        || command instanceof DeleteUserOperationLogEntryCmd) {
      return Optional.of(
          HISTORY_IS_EVIDENCE
              + ": deleting history of process instances, their variables, tasks "
              + "or decisions, or entries of the user operation log, is refused");
    }
    if (command instanceof SetRemovalTimeToHistoricProcessInstancesCmd
        || command instanceof SetRemovalTimeToHistoricDecisionInstancesCmd
        || command instanceof UpdateProcessDefinitionHistoryTimeToLiveCmd
        || command instanceof UpdateDecisionDefinitionHistoryTimeToLiveCmd
        || command instanceof UpdateCaseDefinitionHistoryTimeToLiveCmd) {
      return Optional.of(
          HISTORY_IS_EVIDENCE
              + ": it is kept as long as its model's historyTimeToLive says; "
              + "setting removal times or changing the time to live is refused");
    }
    if (command instanceof DeleteDeploymentCmd) {
      String deployment = (String) AlongItsModelOnly.field(command, "deploymentId");
      return context.runWithoutAuthorization(() -> deploymentRan(context, deployment))
          ? Optional.of(
              MODEL_STAYS
                  + ": deployment "
                  + deployment
                  + " has process instances or their history "
                  + "and is not deleted; deploy a new version instead")
          : Optional.empty();
    }
    if (command instanceof DeleteProcessDefinitionsByIdsCmd
        || command instanceof DeleteProcessDefinitionsByKeyCmd) {
      return context.runWithoutAuthorization(() -> definitionsRan(context, command))
          ? Optional.of(
              MODEL_STAYS
                  + ": a process definition with process instances or their history is not "
                  + "deleted; deploy a new version instead")
          : Optional.empty();
    }
    return Optional.empty();
  }

  /** Whether any model of the deployment has run: a process instance, running or finished, or a decision. */
  private static boolean deploymentRan(CommandContext context, String deployment) {
    var engine = context.getProcessEngineConfiguration();
    var repository = engine.getRepositoryService();
    if (engine.getRuntimeService().createProcessInstanceQuery().deploymentId(deployment).count()
        > 0) {
      return true;
    }
    boolean processesRan =
        repository.createProcessDefinitionQuery().deploymentId(deployment).list().stream()
            .map(ProcessDefinition::getId)
            .anyMatch(definition -> processDefinitionRan(context, definition));
    String[] decisions =
        repository.createDecisionDefinitionQuery().deploymentId(deployment).list().stream()
            .map(DecisionDefinition::getId)
            .toArray(String[]::new);
    return processesRan
        || decisions.length > 0
            && engine
                    .getHistoryService()
                    .createHistoricDecisionInstanceQuery()
                    .decisionDefinitionIdIn(decisions)
                    .count()
                > 0;
  }

  @SuppressWarnings("unchecked")
  private static boolean definitionsRan(CommandContext context, Command<?> command) {
    if (command instanceof DeleteProcessDefinitionsByIdsCmd) {
      return ((Collection<String>) AlongItsModelOnly.field(command, "processDefinitionIds"))
          .stream().anyMatch(definition -> processDefinitionRan(context, definition));
    }
    String key = (String) AlongItsModelOnly.field(command, "processDefinitionKey");
    var engine = context.getProcessEngineConfiguration();
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(key).count()
            > 0
        || engine
                .getHistoryService()
                .createHistoricProcessInstanceQuery()
                .processDefinitionKey(key)
                .count()
            > 0;
  }

  private static boolean processDefinitionRan(CommandContext context, String definition) {
    var engine = context.getProcessEngineConfiguration();
    return engine
                .getRuntimeService()
                .createProcessInstanceQuery()
                .processDefinitionId(definition)
                .count()
            > 0
        || engine
                .getHistoryService()
                .createHistoricProcessInstanceQuery()
                .processDefinitionId(definition)
                .count()
            > 0;
  }
}
