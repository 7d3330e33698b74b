package io.releasedesk.engine;

import io.releasedesk.engine.CaughtCodes.Signal;
import java.util.Map;
import org.camunda.bpm.engine.task.Comment;
import org.camunda.bpm.engine.task.Task;

/**
 * The engine's task service with Release Desk's rules on how a task may be used, whatever the door (Tasklist, the
 * engine REST API, Java with an authenticated user), administrators included. Trusted application code, which runs
 * without an authenticated user, is not bound by them.
 * <ul>
 *   <li>A task ends with a BPMN error or an escalation only with a code its model catches there ({@link CaughtCodes}).
 *   <li>Comments are evidence: nobody deletes or rewrites them; only those who work on a task write them
 *       ({@link CommentsAreEvidence}).
 *   <li>No task is delegated: delegating, resolving, and saving a task with a delegation state are refused, so nobody
 *       fills in a task for someone else to confirm, and nobody hands a task on outside its candidates.
 * </ul>
 * Besides, a task accepts only the fields of its form ({@link FormFieldsOnlyTaskService}).
 */
class GuardedTaskService extends FormFieldsOnlyTaskService {

  static final String NO_DELEGATION =
      "Release Desk tasks are not delegated: delegating and resolving are refused; "
          + "claim the task, or complete its form";

  GuardedTaskService(FormFields formFields) {
    super(formFields);
  }

  // --- ending a task with a BPMN error or an escalation
  // -------------------------------------------------------------

  @Override
  public void handleBpmnError(String taskId, String errorCode) {
    refuseUncaught(taskId, Signal.ERROR, errorCode);
    super.handleBpmnError(taskId, errorCode);
  }

  @Override
  public void handleBpmnError(String taskId, String errorCode, String errorMessage) {
    refuseUncaught(taskId, Signal.ERROR, errorCode);
    super.handleBpmnError(taskId, errorCode, errorMessage);
  }

  @Override
  public void handleBpmnError(
      String taskId, String errorCode, String errorMessage, Map<String, Object> variables) {
    refuseUncaught(taskId, Signal.ERROR, errorCode);
    super.handleBpmnError(taskId, errorCode, errorMessage, variables);
  }

  @Override
  public void handleEscalation(String taskId, String escalationCode) {
    refuseUncaught(taskId, Signal.ESCALATION, escalationCode);
    super.handleEscalation(taskId, escalationCode);
  }

  @Override
  public void handleEscalation(
      String taskId, String escalationCode, Map<String, Object> variables) {
    refuseUncaught(taskId, Signal.ESCALATION, escalationCode);
    super.handleEscalation(taskId, escalationCode, variables);
  }

  private void refuseUncaught(String taskId, Signal signal, String code) {
    getCommandExecutor()
        .execute(
            context -> {
              CaughtCodes.check(context, taskId, signal, code);
              return null;
            });
  }

  // --- comments
  // -----------------------------------------------------------------------------------------------------

  /** addComment ends here too. */
  @Override
  public Comment createComment(String taskId, String processInstanceId, String message) {
    getCommandExecutor()
        .execute(context -> CommentsAreEvidence.whyNotWrite(context, taskId, processInstanceId))
        .ifPresent(
            refusal -> {
              throw new CommentNotAllowedException(refusal);
            });
    return super.createComment(taskId, processInstanceId, message);
  }

  @Override
  public void deleteTaskComment(String taskId, String commentId) {
    refuseErasing();
    super.deleteTaskComment(taskId, commentId);
  }

  @Override
  public void deleteTaskComments(String taskId) {
    refuseErasing();
    super.deleteTaskComments(taskId);
  }

  @Override
  public void updateTaskComment(String taskId, String commentId, String message) {
    refuseErasing();
    super.updateTaskComment(taskId, commentId, message);
  }

  @Override
  public void deleteProcessInstanceComment(String processInstanceId, String commentId) {
    refuseErasing();
    super.deleteProcessInstanceComment(processInstanceId, commentId);
  }

  @Override
  public void deleteProcessInstanceComments(String processInstanceId) {
    refuseErasing();
    super.deleteProcessInstanceComments(processInstanceId);
  }

  @Override
  public void updateProcessInstanceComment(
      String processInstanceId, String commentId, String message) {
    refuseErasing();
    super.updateProcessInstanceComment(processInstanceId, commentId, message);
  }

  private void refuseErasing() {
    if (someoneIsLoggedIn()) {
      throw CommentsAreEvidence.erasing();
    }
  }

  // --- delegation
  // ---------------------------------------------------------------------------------------------------

  @Override
  public void delegateTask(String taskId, String userId) {
    refuseDelegation();
    super.delegateTask(taskId, userId);
  }

  @Override
  public void resolveTask(String taskId) {
    refuseDelegation();
    super.resolveTask(taskId);
  }

  @Override
  public void resolveTask(String taskId, Map<String, Object> variables) {
    refuseDelegation();
    super.resolveTask(taskId, variables);
  }

  /** An update through the engine REST API ({@code PUT /task/{id}}) may otherwise set the delegation state. */
  @Override
  public void saveTask(Task task) {
    if (task.getDelegationState() != null) {
      refuseDelegation();
    }
    super.saveTask(task);
  }

  private void refuseDelegation() {
    if (someoneIsLoggedIn()) {
      throw new TaskRuleException(NO_DELEGATION);
    }
  }

  private boolean someoneIsLoggedIn() {
    return getCommandExecutor().execute(context -> context.getAuthenticatedUserId() != null);
  }
}
