package io.releasedesk.approval;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The approval tasks' listener ({@code ${fourEyesApproval}} in the model), which holds the four-eyes rule inside
 * the engine, whatever the way in (Tasklist, REST, Java). What happens at each event:
 *
 * <ul>
 *   <li>an approval round starts: it opens afresh ({@link ApprovalRound});
 *   <li>an approval task is assigned: the assignee must be allowed to approve, and may hold only one of the CAB's
 *       two approvals ({@link FourEyesEnforcement});
 *   <li>an approval task is completed: whoever completes it must be allowed to approve, and their decision is
 *       recorded ({@link ApprovalDecision}).
 * </ul>
 */
@Component
public class FourEyesApproval implements TaskListener, ExecutionListener {

  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";

  @Override
  public void notify(DelegateExecution execution) {
    ApprovalRound.open(execution);
  }

  @Override
  public void notify(DelegateTask task) {
    switch (task.getEventName()) {
      case EVENTNAME_ASSIGNMENT -> {
        if (task.getAssignee() != null) {
          FourEyesEnforcement.check(task, task.getAssignee());
          FourEyesEnforcement.refuseSecondClaim(task);
        }
      }
      case EVENTNAME_COMPLETE ->
          ApprovalDecision.record(
              task, FourEyesEnforcement.check(task, FourEyesEnforcement.approver(task)));
      default -> throw new IllegalStateException("Not a four-eyes event: " + task.getEventName());
    }
  }
}
