package io.releasedesk.approval;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * The {@link FourEyesRule} applied to an approval task inside the engine: who acts, who requested the release, who
 * approved so far, and a refusal that is recorded in the release's history before the attempt is rolled back.
 */
final class FourEyesEnforcement {

  /** More than there can be approval tasks of one kind in one release (two for the CAB). */
  private static final int MAX_APPROVAL_TASKS = 10;

  private FourEyesEnforcement() {}

  /** Refuses the approver if the rule forbids them this approval; returns the approver otherwise. */
  static String check(DelegateTask task, String approver) {
    String releaseKey = task.getExecution().getProcessBusinessKey();
    FourEyesRule.violation(
            releaseKey,
            approver,
            requester(task),
            Approvers.parse(APPROVED_BY.from(task).getOrNull()))
        .ifPresent(message -> refuse(task, message));
    return approver;
  }

  /**
   * Who requested the release: the user the engine recorded as having started it, never a variable anyone could
   * rewrite. A release the application started itself, with nobody logged in, has no such user; for it, the
   * {@code requestedBy} the application passed counts (people write no process variables directly, see
   * {@code AlongItsModelOnly}).
   */
  static String requester(DelegateTask task) {
    // the caller may not be allowed to read the release's history: the rule looks regardless
    HistoricProcessInstance release =
        Context.getCommandContext()
            .runWithoutAuthorization(
                () ->
                    task.getProcessEngineServices()
                        .getHistoryService()
                        .createHistoricProcessInstanceQuery()
                        .processInstanceId(task.getProcessInstanceId())
                        .singleResult());
    if (release != null && release.getStartUserId() != null) {
      return release.getStartUserId();
    }
    return REQUESTED_BY.from(task).getOrNull();
  }

  /** Of the two CAB approvals, one person may hold only one. */
  static void refuseSecondClaim(DelegateTask task) {
    // the other approval task may be one the caller is not allowed to see: the rule looks
    // regardless
    boolean holdsAnother =
        Context.getCommandContext()
            .runWithoutAuthorization(
                () ->
                    task
                        .getProcessEngineServices()
                        .getTaskService()
                        .createTaskQuery()
                        .processInstanceId(task.getProcessInstanceId())
                        .taskDefinitionKey(task.getTaskDefinitionKey())
                        .taskAssignee(task.getAssignee())
                        .listPage(0, MAX_APPROVAL_TASKS)
                        .stream()
                        .anyMatch(other -> !other.getId().equals(task.getId())));
    if (holdsAnother) {
      refuse(
          task,
          FourEyesRule.NAME
              + ": "
              + task.getAssignee()
              + " already holds another approval of "
              + task.getExecution().getProcessBusinessKey()
              + "; it must come from someone else");
    }
  }

  /**
   * Refuses the attempt: it is written to the release's history as a comment on the task, in a transaction of its
   * own, and then the attempt's transaction is rolled back by the exception, so nothing else changes. If the task is
   * gone by then, someone decided it at the same moment, and what the rule saw was their decision, not this attempt's
   * own: a lost race, which the caller is told as such.
   */
  static void refuse(DelegateTask task, String message) {
    String who = Context.getCommandContext().getAuthenticatedUserId();
    String comment = "Refused" + (who == null ? "" : " (attempt by " + who + ")") + ": " + message;
    boolean recorded =
        Context.getProcessEngineConfiguration()
            .getCommandExecutorTxRequiresNew()
            .execute(
                commandContext ->
                    commandContext.runWithoutAuthorization(
                        () -> {
                          if (commandContext.getTaskManager().findTaskById(task.getId()) == null) {
                            return false;
                          }
                          task.getProcessEngineServices()
                              .getTaskService()
                              .createComment(task.getId(), task.getProcessInstanceId(), comment);
                          return true;
                        }));
    if (!recorded) {
      throw new OptimisticLockingException(
          "'"
              + task.getName()
              + "' was decided by someone else at the same moment; nothing of this request was"
              + " stored");
    }
    throw new FourEyesViolationException(message);
  }

  /** Who acts: the logged-in user; without one (a Java call), the task's assignee. */
  static String approver(DelegateTask task) {
    Authentication authentication =
        task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (authentication != null && authentication.getUserId() != null) {
      return authentication.getUserId();
    }
    return task.getAssignee();
  }
}
