package io.releasedesk.approval;

import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_APPROVED;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_DECIDED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_REQUESTED_BY;

import io.releasedesk.engine.InvalidInputException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * A hotfix's emergency exception from a freeze window, inside the engine whatever the way in. The wait for the
 * window's end opens without a request; a request counts only with a justification and who asked, which only
 * Release Desk's API can send along (people send no variables with messages, see {@code AlongItsModelOnly}). "Approve
 * emergency exception" follows the four-eyes rule: neither the release's requester nor whoever asked for the
 * exception claims or completes it; a refusal is recorded on the task, as for the release's approvals.
 */
@Component
public class EmergencyExceptionApproval implements ExecutionListener, TaskListener {

  @Override
  public void notify(DelegateExecution execution) {
    if (EVENTNAME_START.equals(execution.getEventName())) {
      // a new wait: an earlier request, rejected, does not count again
      FREEZE_EXCEPTION_JUSTIFICATION.on(execution).remove();
      FREEZE_EXCEPTION_REQUESTED_BY.on(execution).remove();
      return;
    }
    String justification = FREEZE_EXCEPTION_JUSTIFICATION.from(execution).getOrNull();
    String requestedBy = FREEZE_EXCEPTION_REQUESTED_BY.from(execution).getOrNull();
    if (justification == null
        || justification.isBlank()
        || requestedBy == null
        || requestedBy.isBlank()) {
      throw new InvalidInputException(
          "An emergency exception is asked for with a justification, through POST "
              + "/api/releases/"
              + execution.getProcessBusinessKey()
              + "/freeze-exception");
    }
  }

  @Override
  public void notify(DelegateTask task) {
    switch (task.getEventName()) {
      case EVENTNAME_ASSIGNMENT -> {
        if (task.getAssignee() != null) {
          enforce(task, task.getAssignee());
        }
      }
      case EVENTNAME_COMPLETE ->
          recordDecision(task, enforce(task, FourEyesEnforcement.approver(task)));
      default ->
          throw new IllegalStateException(
              "Not an emergency exception event: " + task.getEventName());
    }
  }

  private static String enforce(DelegateTask task, String approver) {
    FourEyesRule.exceptionViolation(
            task.getExecution().getProcessBusinessKey(),
            approver,
            FourEyesEnforcement.requester(task),
            FREEZE_EXCEPTION_REQUESTED_BY.from(task).getOrNull())
        .ifPresent(message -> FourEyesEnforcement.refuse(task, message));
    return approver;
  }

  private static void recordDecision(DelegateTask task, String approver) {
    String decision = DECISION.from(task).getOrNull();
    String comment = ApprovalDecision.reasonOrComment(task, decision);
    var release = task.getExecution();
    if (FourEyesApproval.REJECT.equals(decision) && (comment == null || comment.isBlank())) {
      throw new InvalidInputException(
          "A rejected emergency exception needs a reason: the hotfix waits for the "
              + "window's end");
    }
    if (!FourEyesApproval.APPROVE.equals(decision) && !FourEyesApproval.REJECT.equals(decision)) {
      throw new InvalidInputException(
          "The decision must be 'approve' or 'reject', not '" + decision + "'");
    }
    FREEZE_EXCEPTION_APPROVED.on(release).set(FourEyesApproval.APPROVE.equals(decision));
    FREEZE_EXCEPTION_DECIDED_BY.on(release).set(approver);
    FREEZE_EXCEPTION_COMMENT
        .on(release)
        .set(comment == null || comment.isBlank() ? null : comment.strip());
  }
}
