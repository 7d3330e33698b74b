package io.releasedesk.approval;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;

import io.releasedesk.release.ReleaseProcess.Groups;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Once one CAB member has decided, the CAB approvals still open are offered only to the CAB members who have not:
 * their candidates become those members instead of the whole group, so Tasklist no longer lists them to the member
 * who decided (who would be refused on claim, {@link FourEyesApproval}), nor to the person who requested the release.
 * Runs on completion of a CAB approval, after {@link FourEyesApproval} has recorded the decision.
 */
@Component
public class OfferTheOtherCabApproval implements TaskListener {

  /** More than there are CAB approvals in one release (two) and CAB members in any organisation. */
  private static final int MAX_RESULTS = 1000;

  @Override
  public void notify(DelegateTask task) {
    List<String> decided = new ArrayList<>(Approvers.parse(APPROVED_BY.from(task).getOrNull()));
    decided.add(FourEyesEnforcement.approver(task));
    decided.add(FourEyesEnforcement.requester(task));
    ProcessEngineServices engine = task.getProcessEngineServices();
    // the approver may not see the other approval, nor read the CAB's members: this looks
    // regardless
    Context.getCommandContext()
        .runWithoutAuthorization(
            () -> {
              List<String> others =
                  engine
                      .getIdentityService()
                      .createUserQuery()
                      .memberOfGroup(Groups.CAB)
                      .listPage(0, MAX_RESULTS)
                      .stream()
                      .map(User::getId)
                      .filter(member -> !decided.contains(member))
                      .toList();
              if (others.isEmpty()) {
                // nobody else is in the CAB: the group keeps the task, and an administrator adds
                // someone
                return null;
              }
              for (Task open :
                  engine
                      .getTaskService()
                      .createTaskQuery()
                      .processInstanceId(task.getProcessInstanceId())
                      .taskDefinitionKey(task.getTaskDefinitionKey())
                      .listPage(0, MAX_RESULTS)) {
                if (open.getId().equals(task.getId())) {
                  continue;
                }
                others.forEach(
                    member -> engine.getTaskService().addCandidateUser(open.getId(), member));
                engine.getTaskService().deleteCandidateGroup(open.getId(), Groups.CAB);
              }
              return null;
            });
  }
}
