package io.releasedesk.engine;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.bpmn.helper.BpmnProperties;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;

/**
 * A task ends with a BPMN error or an escalation only with a code that its model catches at that task: an error or
 * escalation boundary event attached to the task, catching that code or every code. Otherwise a person who may work
 * on a task could end it without its form, its checks or the four-eyes rule: an error nobody catches simply ends the
 * task's path (one CAB approval would count as two; an approval would end the release as if completed), and a code
 * caught further out moves the release along a path the task does not show.
 */
final class CaughtCodes {

  static final String RULE =
      "A task ends with a BPMN error or an escalation only with a code that its model catches at that task";

  /** What a task may be ended with besides its form. */
  enum Signal {
    ERROR("BPMN error"),
    ESCALATION("escalation");

    private final String label;

    Signal(String label) {
      this.label = label;
    }
  }

  private CaughtCodes() {}

  /**
   * Refuses an authenticated user's attempt to end the task with a code its model does not catch there. Trusted
   * application code (no authenticated user) is not bound; a missing task or code is left to the engine to answer.
   */
  static void check(CommandContext context, String taskId, Signal signal, String code) {
    if (context.getAuthenticatedUserId() == null
        || taskId == null
        || code == null
        || code.isEmpty()) {
      return;
    }
    TaskEntity task = context.getTaskManager().findTaskById(taskId);
    if (task == null) {
      return;
    }
    // the engine's own permission check first: whoever may not work on the task learns nothing
    // about its model
    context
        .getProcessEngineConfiguration()
        .getCommandCheckers()
        .forEach(checker -> checker.checkTaskWork(task));
    if (!catches(context, task, signal, code)) {
      throw new TaskRuleException(
          RULE
              + ": '"
              + task.getName()
              + "' catches no "
              + signal.label
              + " '"
              + code
              + "'; complete its form instead");
    }
  }

  private static boolean catches(
      CommandContext context, TaskEntity task, Signal signal, String code) {
    if (task.getProcessDefinitionId() == null) {
      return false;
    }
    ActivityImpl activity =
        context
            .getProcessEngineConfiguration()
            .getDeploymentCache()
            .findDeployedProcessDefinitionById(task.getProcessDefinitionId())
            .findActivity(task.getTaskDefinitionKey());
    if (activity == null) {
      return false;
    }
    // the engine keeps what a boundary event catches on the activity it is attached to; on a
    // multi-instance
    // activity, on the multi-instance body around it
    List<ScopeImpl> scopes = new ArrayList<>(List.of(activity));
    if (activity.isMultiInstance()) {
      scopes.add(activity.getFlowScope());
    }
    return scopes.stream()
        .anyMatch(
            scope ->
                switch (signal) {
                  case ERROR ->
                      scope.getProperties().get(BpmnProperties.ERROR_EVENT_DEFINITIONS).stream()
                          .anyMatch(caught -> caught.catchesError(code));
                  case ESCALATION ->
                      scope
                          .getProperties()
                          .get(BpmnProperties.ESCALATION_EVENT_DEFINITIONS)
                          .stream()
                          .anyMatch(
                              caught ->
                                  caught.getEscalationCode() == null
                                      || caught.getEscalationCode().equals(code));
                });
  }
}
