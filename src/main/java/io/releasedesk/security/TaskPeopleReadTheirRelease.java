package io.releasedesk.security;

import java.util.Arrays;
import java.util.stream.Stream;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Whoever is given a task of a release (as candidate group, candidate user or assignee) may read that release: its
 * variables (what Tasklist shows on the task card and in the task's form), executions, jobs and incidents. The engine
 * itself grants only the task; participants hold no permission on the release models' instances as a whole, so the
 * releases they have no task in stay closed to them. The grant carries the release's root process instance, so history
 * clean-up removes it with the release.
 */
@Component
public class TaskPeopleReadTheirRelease extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setResourceAuthorizationProvider(new Provider());
  }

  static class Provider extends DefaultAuthorizationProvider {

    @Override
    public AuthorizationEntity[] newTaskGroupIdentityLink(Task task, String groupId, String type) {
      return withRelease(super.newTaskGroupIdentityLink(task, groupId, type), task, null, groupId);
    }

    @Override
    public AuthorizationEntity[] newTaskUserIdentityLink(Task task, String userId, String type) {
      return withRelease(super.newTaskUserIdentityLink(task, userId, type), task, userId, null);
    }

    @Override
    public AuthorizationEntity[] newTaskAssignee(Task task, String oldAssignee, String newAssignee) {
      return withRelease(super.newTaskAssignee(task, oldAssignee, newAssignee), task, newAssignee, null);
    }

    private AuthorizationEntity[] withRelease(AuthorizationEntity[] granted, Task task, String userId, String groupId) {
      String release = task.getProcessInstanceId();
      if (granted == null || release == null || (userId == null && groupId == null)) {
        return granted;
      }
      AuthorizationEntity read = groupId != null
          ? getGrantAuthorizationByGroupId(groupId, Resources.PROCESS_INSTANCE, release)
          : getGrantAuthorizationByUserId(userId, Resources.PROCESS_INSTANCE, release);
      if (read == null) {
        read = createAuthorization(userId, groupId, Resources.PROCESS_INSTANCE, release, Permissions.READ);
        ExecutionEntity execution = ((TaskEntity) task).getExecution();
        if (execution != null) {
          read.setRootProcessInstanceId(execution.getRootProcessInstanceId());
        }
      } else if (read.isPermissionGranted(Permissions.READ)) {
        return granted;
      } else {
        addPermissions(read, Permissions.READ);
      }
      return Stream.concat(Arrays.stream(granted), Stream.of(read)).toArray(AuthorizationEntity[]::new);
    }
  }
}
