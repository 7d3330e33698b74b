package io.releasedesk.security;

import io.releasedesk.engine.StartUpLock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Whoever is given a task of a release (as candidate group, candidate user or assignee) may read that release: its
 * variables (what Tasklist shows on the task card and in the task's form), executions, jobs and incidents. The engine
 * itself grants only the task; participants hold no permission on the release models' instances as a whole, so the
 * releases they have no task in stay closed to them. The grant carries the release's root process instance, so history
 * clean-up removes it with the release.
 *
 * <p>A group that reads every task and every release already (release managers, release viewers, administrators, by a
 * grant on {@code *}) is given neither: its task's grant keeps only the right to work on the task, and no grant on the
 * release is made. Grants per task and release would repeat what the grant on {@code *} says, and every query the
 * engine checks would match each of them against each row: with 1,000 open releases, Tasklist's count of a release
 * manager's list compared a million pairs.
 *
 * <p>The grant is created when it is missing. Two nodes that open tasks of one release for the same people at the same
 * moment may both find it missing; the database keeps one, and the other node's command is told it lost a race and
 * runs again, finding it (see {@code RevealRuleViolations}).
 */
@Component
public class TaskPeopleReadTheirRelease extends AbstractProcessEnginePlugin {

  static final int PAGE = 500;

  private final StartUpLock startUpLock;

  TaskPeopleReadTheirRelease(StartUpLock startUpLock) {
    this.startUpLock = startUpLock;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setResourceAuthorizationProvider(new Provider());
  }

  /**
   * Tasks opened before this rule held: their people are granted their release now, holding the {@link StartUpLock}
   * (two nodes starting at the same moment would otherwise both grant what is missing).
   */
  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    startUpLock.holding(
        () -> {
          grantOpenTasks(engine);
          return null;
        });
  }

  private static void grantOpenTasks(ProcessEngine engine) {
    TaskService tasks = engine.getTaskService();
    List<Task> page;
    int first = 0;
    do {
      page = tasks.createTaskQuery().orderByTaskId().asc().listPage(first, PAGE);
      for (Task task : page) {
        String release = task.getProcessInstanceId();
        if (release == null) {
          continue;
        }
        for (IdentityLink link : tasks.getIdentityLinksForTask(task.getId())) {
          grantRead(engine.getAuthorizationService(), link.getGroupId(), link.getUserId(), release);
        }
      }
      first += page.size();
    } while (page.size() == PAGE);
  }

  private static void grantRead(
      AuthorizationService authorizations, String groupId, String userId, String release) {
    if (groupId != null
        && authorizations
                .createAuthorizationQuery()
                .authorizationType(Authorization.AUTH_TYPE_GRANT)
                .groupIdIn(groupId)
                .resourceType(Resources.PROCESS_INSTANCE)
                .resourceId(Authorization.ANY)
                .hasPermission(Permissions.READ)
                .count()
            > 0) {
      return; // reads every release already
    }
    var query =
        authorizations
            .createAuthorizationQuery()
            .authorizationType(Authorization.AUTH_TYPE_GRANT)
            .resourceType(Resources.PROCESS_INSTANCE)
            .resourceId(release);
    Authorization read =
        (groupId != null ? query.groupIdIn(groupId) : query.userIdIn(userId)).singleResult();
    if (read == null) {
      read = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      read.setGroupId(groupId);
      read.setUserId(userId);
      read.setResource(Resources.PROCESS_INSTANCE);
      read.setResourceId(release);
    } else if (read.isPermissionGranted(Permissions.READ)) {
      return;
    }
    read.addPermission(Permissions.READ);
    authorizations.saveAuthorization(read);
  }

  static class Provider extends DefaultAuthorizationProvider {

    @Override
    public AuthorizationEntity[] newTaskGroupIdentityLink(Task task, String groupId, String type) {
      AuthorizationEntity[] granted = super.newTaskGroupIdentityLink(task, groupId, type);
      if (granted != null && grantedOnAll(groupId, Resources.TASK)) {
        for (AuthorizationEntity grant : granted) {
          if (grant.getResourceType() == Resources.TASK.resourceType()) {
            grant.removePermission(Permissions.READ);
          }
        }
      }
      return withRelease(granted, task, null, groupId);
    }

    /** Whether the group may read every resource of the type: a grant of READ on {@code *}. */
    private boolean grantedOnAll(String groupId, Resources resource) {
      AuthorizationEntity all =
          getGrantAuthorizationByGroupId(groupId, resource, Authorization.ANY);
      return all != null && all.isPermissionGranted(Permissions.READ);
    }

    @Override
    public AuthorizationEntity[] newTaskUserIdentityLink(Task task, String userId, String type) {
      return withRelease(super.newTaskUserIdentityLink(task, userId, type), task, userId, null);
    }

    @Override
    public AuthorizationEntity[] newTaskAssignee(
        Task task, String oldAssignee, String newAssignee) {
      return withRelease(
          super.newTaskAssignee(task, oldAssignee, newAssignee), task, newAssignee, null);
    }

    private AuthorizationEntity[] withRelease(
        AuthorizationEntity[] granted, Task task, String userId, String groupId) {
      String release = task.getProcessInstanceId();
      if (granted == null
          || release == null
          || (userId == null && groupId == null)
          || (groupId != null && grantedOnAll(groupId, Resources.PROCESS_INSTANCE))) {
        return granted;
      }
      AuthorizationEntity read =
          groupId != null
              ? getGrantAuthorizationByGroupId(groupId, Resources.PROCESS_INSTANCE, release)
              : getGrantAuthorizationByUserId(userId, Resources.PROCESS_INSTANCE, release);
      if (read == null) {
        read =
            createAuthorization(
                userId, groupId, Resources.PROCESS_INSTANCE, release, Permissions.READ);
        ExecutionEntity execution = ((TaskEntity) task).getExecution();
        if (execution != null) {
          read.setRootProcessInstanceId(execution.getRootProcessInstanceId());
        }
      } else if (read.isPermissionGranted(Permissions.READ)) {
        return granted;
      } else {
        addPermissions(read, Permissions.READ);
      }
      return Stream.concat(Arrays.stream(granted), Stream.of(read))
          .toArray(AuthorizationEntity[]::new);
    }
  }
}
