package io.releasedesk.approval;

import io.holunda.camunda.bpm.data.builder.VariableMapBuilder;
import io.releasedesk.release.ReleaseNotFoundException;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcess.Variables;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Approving or rejecting a release without Tasklist, with the same rules as in Tasklist. */
@Service
public class Approvals {

  private final TaskService taskService;
  private final IdentityService identityService;

  public Approvals(TaskService taskService, IdentityService identityService) {
    this.taskService = taskService;
    this.identityService = identityService;
  }

  /**
   * The caller takes an approval of the release that waits for them (one they hold, else one nobody holds) and
   * decides it. Claiming and deciding are one transaction: a refused decision leaves the approval unclaimed.
   */
  @Transactional
  public void decide(String releaseKey, String decision, String comment) {
    String caller = identityService.getCurrentAuthentication().getUserId();
    // only tasks the caller may see: those of their candidate groups, or all for whoever may read
    // all tasks
    List<Task> approvals =
        taskService
            .createTaskQuery()
            .processInstanceBusinessKey(releaseKey)
            .taskDefinitionKeyIn(
                Elements.TASK_APPROVE_AS_RELEASE_MANAGER, Elements.TASK_APPROVE_AS_CAB_MEMBER)
            .orderByTaskCreateTime()
            .asc()
            .listPage(0, 10);
    Task approval =
        approvals.stream()
            .filter(task -> caller.equals(task.getAssignee()))
            .findFirst()
            .or(() -> approvals.stream().filter(task -> task.getAssignee() == null).findFirst())
            .orElseThrow(
                () ->
                    new ReleaseNotFoundException(
                        "No approval of " + releaseKey + " is waiting for " + caller));
    if (approval.getAssignee() == null) {
      taskService.claim(approval.getId(), caller);
    }
    taskService.complete(
        approval.getId(),
        new VariableMapBuilder()
            .set(Variables.DECISION, decision)
            .set(Variables.COMMENT, comment)
            .build());
  }
}
