package io.releasedesk.approval;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/** A round of approvals: each starts afresh, so approvals of an earlier, rejected round do not count. */
final class ApprovalRound {

  private ApprovalRound() {}

  static void open(DelegateExecution release) {
    APPROVED_BY.on(release).set("");
    APPROVAL_DECISION.on(release).remove();
  }
}
