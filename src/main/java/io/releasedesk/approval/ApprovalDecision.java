package io.releasedesk.approval;

import static io.releasedesk.approval.FourEyesApproval.APPROVE;
import static io.releasedesk.approval.FourEyesApproval.REJECT;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;

import io.releasedesk.engine.InvalidInputException;
import org.camunda.bpm.engine.delegate.DelegateTask;

/**
 * Records an approver's decision on the release: an approval joins the round's approvers, a rejection (which needs
 * a reason) names who rejected it and why; anything else is refused.
 */
final class ApprovalDecision {

  private ApprovalDecision() {}

  static void record(DelegateTask task, String approver) {
    String decision = DECISION.from(task).getOrNull();
    String comment = reasonOrComment(task, decision);
    var release = task.getExecution();
    if (APPROVE.equals(decision)) {
      APPROVED_BY.on(release).update(approvers -> Approvers.add(approvers, approver));
    } else if (REJECT.equals(decision)) {
      if (comment == null || comment.isBlank()) {
        throw new InvalidInputException(
            "A rejection needs a reason, so that the release can be planned again");
      }
      REJECTED_BY.on(release).set(approver);
      REJECTION_REASON.on(release).set(comment.strip());
    } else {
      throw new InvalidInputException(
          "The decision must be 'approve' or 'reject', not '" + decision + "'");
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
}
