package io.releasedesk.approval;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;

import io.releasedesk.engine.InvalidInputException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Enforces the four-eyes rule inside the engine, whatever the way in (Tasklist, REST, Java): on every assignment of
 * an approval task and on its completion. Also records each decision and opens each approval round afresh.
 */
@Component
public class FourEyesApproval implements TaskListener, ExecutionListener {

  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";
  /** More than there can be approval tasks of one kind in one release (two for the CAB). */
  private static final int MAX_APPROVAL_TASKS = 10;

  /** A new approval round starts: approvals of an earlier, rejected round do not count. */
  @Override
  public void notify(DelegateExecution execution) {
    APPROVED_BY.on(execution).set("");
    APPROVAL_DECISION.on(execution).remove();
  }

  @Override
  public void notify(DelegateTask task) {
    switch (task.getEventName()) {
      case EVENTNAME_ASSIGNMENT -> {
        if (task.getAssignee() != null) {
          enforce(task, task.getAssignee());
          refuseSecondClaim(task);
        }
      }
      case EVENTNAME_COMPLETE -> recordDecision(task, enforce(task, approver(task)));
      default -> throw new IllegalStateException("Not a four-eyes event: " + task.getEventName());
    }
  }

  private String enforce(DelegateTask task, String approver) {
    String releaseKey = task.getExecution().getProcessBusinessKey();
    FourEyesRule.violation(releaseKey, approver, requester(task),
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
    HistoricProcessInstance release = Context.getCommandContext().runWithoutAuthorization(() ->
        task.getProcessEngineServices().getHistoryService().createHistoricProcessInstanceQuery()
            .processInstanceId(task.getProcessInstanceId())
            .singleResult());
    if (release != null && release.getStartUserId() != null) {
      return release.getStartUserId();
    }
    return REQUESTED_BY.from(task).getOrNull();
  }

  /** Of the two CAB approvals, one person may hold only one. */
  private static void refuseSecondClaim(DelegateTask task) {
    // the other approval task may be one the caller is not allowed to see: the rule looks regardless
    boolean holdsAnother = Context.getCommandContext().runWithoutAuthorization(() ->
        task.getProcessEngineServices().getTaskService().createTaskQuery()
            .processInstanceId(task.getProcessInstanceId())
            .taskDefinitionKey(task.getTaskDefinitionKey())
            .taskAssignee(task.getAssignee())
            .listPage(0, MAX_APPROVAL_TASKS).stream()
            .anyMatch(other -> !other.getId().equals(task.getId())));
    if (holdsAnother) {
      refuse(task, FourEyesRule.NAME + ": " + task.getAssignee() + " already holds another approval of "
          + task.getExecution().getProcessBusinessKey() + "; it must come from someone else");
    }
  }

  /**
   * Refuses the attempt: it is written to the release's history as a comment on the task, in a transaction of its
   * own, and then the attempt's transaction is rolled back by the exception, so nothing else changes.
   */
  static void refuse(DelegateTask task, String message) {
    String who = Context.getCommandContext().getAuthenticatedUserId();
    String comment = "Refused" + (who == null ? "" : " (attempt by " + who + ")") + ": " + message;
    Context.getProcessEngineConfiguration().getCommandExecutorTxRequiresNew().execute(commandContext ->
        commandContext.runWithoutAuthorization(() ->
            task.getProcessEngineServices().getTaskService()
                .createComment(task.getId(), task.getProcessInstanceId(), comment)));
    throw new FourEyesViolationException(message);
  }

  private void recordDecision(DelegateTask task, String approver) {
    String decision = DECISION.from(task).getOrNull();
    String comment = reasonOrComment(task, decision);
    var release = task.getExecution();
    if (APPROVE.equals(decision)) {
      APPROVED_BY.on(release).update(approvers -> Approvers.add(approvers, approver));
    } else if (REJECT.equals(decision)) {
      if (comment == null || comment.isBlank()) {
        throw new InvalidInputException("A rejection needs a reason, so that the release can be planned again");
      }
      REJECTED_BY.on(release).set(approver);
      REJECTION_REASON.on(release).set(comment.strip());
    } else {
      throw new InvalidInputException("The decision must be 'approve' or 'reject', not '" + decision + "'");
    }
    APPROVAL_DECISION.on(release).set(decision);
  }

  /**
   * The approver's comment; for a rejection the reason the form asks for (a client of the REST API may send it as the
   * comment instead). The reason is recorded as the task's comment, where the release's history and notices read it.
   */
  static String reasonOrComment(DelegateTask task, String decision) {
    String reason = REASON.from(task).getOrNull();
    if (REJECT.equals(decision) && reason != null && !reason.isBlank()) {
      COMMENT.on(task).set(reason.strip());
      return reason;
    }
    return COMMENT.from(task).getOrNull();
  }

  /** Who acts: the logged-in user; without one (a Java call), the task's assignee. */
  static String approver(DelegateTask task) {
    Authentication authentication = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (authentication != null && authentication.getUserId() != null) {
      return authentication.getUserId();
    }
    return task.getAssignee();
  }
}
