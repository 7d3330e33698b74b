package io.releasedesk.identity;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Groups;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.filter.Filter;
import org.springframework.stereotype.Component;

/**
 * Who may do what inside the engine, granted per group at start-up. A grant that exists is completed, never
 * narrowed: what an administrator added in Camunda Admin stays.
 *
 * <ul>
 *   <li>Everybody who takes part works only the tasks of their candidate groups: the engine grants a task's candidate
 *       groups read and work (claim, complete) on that task when it is created ({@code TASK_WORK}, see
 *       application.yaml). They read the two release models, and each release they are given a task in (its task
 *       card and form: service, version, scope), see {@link io.releasedesk.security.TaskPeopleReadTheirRelease};
 *       not other releases, not the tasks of other groups, no history.
 *   <li>Operations read every deployment (not the releases that call them) in Cockpit and retry its failed jobs
 *       there, e.g. a deployment target that was down past the step's retries: {@code RETRY_JOB} on the deployment
 *       model only, so they change no variable, modify, cancel or suspend nothing, and retry no other job.
 *   <li>Release managers start releases, see every open release task, and read releases and their history.
 *   <li>Process owners deploy models (Camunda Modeler's deploy button) and read the models in Cockpit, not the
 *       releases' history.
 *   <li>Release viewers (managers) read every release and its history in Cockpit and change nothing.
 *   <li>CI systems ({@code ci}) are granted nothing in the engine: they post test results to Release Desk's API,
 *       which delivers them itself, and {@link io.releasedesk.security.SecurityConfiguration}
 *       refuses them everything else.
 *   <li>Administrators ({@code camunda-admin}) may do everything, including managing people and permissions; nobody
 *       else may.
 * </ul>
 */
@Component
public class ReleaseDeskAuthorizations {

  /** One grant: these permissions on this resource for this group ({@code *} as resource id: all of them). */
  record Grant(String group, Resource resource, String resourceId, Permission... permissions) {}

  static final List<String> PARTICIPANTS =
      List.of(
          Groups.RELEASE_MANAGERS,
          Groups.DEVELOPERS,
          Groups.QA,
          Groups.OPERATIONS,
          Groups.CAB,
          Groups.PROCESS_OWNERS);
  static final List<String> MODELS = List.of(ReleaseProcess.KEY, DeploymentProcess.KEY);

  private final AuthorizationService authorizationService;
  private final FilterService filterService;

  public ReleaseDeskAuthorizations(
      AuthorizationService authorizationService, FilterService filterService) {
    this.authorizationService = authorizationService;
    this.filterService = filterService;
  }

  /** Grants what is missing and takes back what earlier versions granted too widely; needs groups and filters. */
  public void grantMissing() {
    grants().forEach(this::grant);
    withdrawn().forEach(this::withdraw);
  }

  /**
   * What earlier versions of Release Desk granted and no longer do: participants read every release of the models
   * (now only those they have a task in), process owners the history of every release and decision (now the models
   * only). Taken back at start-up, on these resources only.
   */
  List<Grant> withdrawn() {
    var withdrawn = new ArrayList<Grant>();
    for (String group : PARTICIPANTS) {
      for (String model : MODELS) {
        if (group.equals(Groups.OPERATIONS) && model.equals(DeploymentProcess.KEY)) {
          continue; // operations read every deployment now, to find and retry its incidents
        }
        withdrawn.add(
            new Grant(
                group,
                Resources.PROCESS_DEFINITION,
                model,
                ProcessDefinitionPermissions.READ_INSTANCE));
      }
    }
    withdrawn.add(
        new Grant(
            Groups.PROCESS_OWNERS,
            Resources.PROCESS_DEFINITION,
            ANY,
            ProcessDefinitionPermissions.READ_HISTORY));
    withdrawn.add(
        new Grant(
            Groups.PROCESS_OWNERS, Resources.DECISION_DEFINITION, ANY, Permissions.READ_HISTORY));
    return withdrawn;
  }

  List<Grant> grants() {
    var grants = new ArrayList<Grant>();
    for (String group : PARTICIPANTS) {
      grants.add(new Grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS));
      for (String model : MODELS) {
        grants.add(
            new Grant(
                group, Resources.PROCESS_DEFINITION, model, ProcessDefinitionPermissions.READ));
      }
    }
    for (String filter :
        List.of(
            TasklistFilters.MY_TASKS,
            TasklistFilters.MY_GROUPS_TASKS,
            TasklistFilters.APPROVALS_WAITING)) {
      PARTICIPANTS.forEach(
          group ->
              grants.add(new Grant(group, Resources.FILTER, filterId(filter), Permissions.READ)));
    }

    // release managers: start releases, follow them all
    String managers = Groups.RELEASE_MANAGERS;
    grants.add(
        new Grant(
            managers,
            Resources.PROCESS_DEFINITION,
            ReleaseProcess.KEY,
            ProcessDefinitionPermissions.CREATE_INSTANCE));
    grants.add(
        new Grant(managers, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.CREATE));
    grants.add(new Grant(managers, Resources.TASK, ANY, TaskPermissions.READ));
    grants.add(
        new Grant(
            managers,
            Resources.FILTER,
            filterId(TasklistFilters.ALL_OPEN_RELEASES),
            Permissions.READ));
    readReleases(grants, managers);

    // operations: find a deployment's incidents in Cockpit and retry its failed jobs; nothing else
    grants.add(new Grant(Groups.OPERATIONS, Resources.APPLICATION, "cockpit", Permissions.ACCESS));
    grants.add(
        new Grant(
            Groups.OPERATIONS,
            Resources.PROCESS_DEFINITION,
            DeploymentProcess.KEY,
            ProcessDefinitionPermissions.READ_INSTANCE,
            ProcessDefinitionPermissions.RETRY_JOB));

    // release viewers: everything in Cockpit, read-only
    readReleases(grants, Groups.RELEASE_VIEWERS);
    grants.add(new Grant(Groups.RELEASE_VIEWERS, Resources.TASK, ANY, TaskPermissions.READ));
    grants.add(new Grant(Groups.RELEASE_VIEWERS, Resources.DEPLOYMENT, ANY, Permissions.READ));

    // process owners: deploy models and see them
    String owners = Groups.PROCESS_OWNERS;
    grants.add(new Grant(owners, Resources.DEPLOYMENT, ANY, Permissions.CREATE, Permissions.READ));
    grants.add(new Grant(owners, Resources.APPLICATION, "cockpit", Permissions.ACCESS));
    grants.add(
        new Grant(owners, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ));
    grants.add(new Grant(owners, Resources.DECISION_DEFINITION, ANY, Permissions.READ));
    grants.add(
        new Grant(owners, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ));

    // administrators: everything
    for (Resources resource : Resources.values()) {
      grants.add(new Grant(Groups.CAMUNDA_ADMIN, resource, ANY, Permissions.ALL));
    }
    return grants;
  }

  /** Reading every release, its tasks, variables and history, and the risk decisions, in Cockpit and the API. */
  private static void readReleases(List<Grant> grants, String group) {
    grants.add(new Grant(group, Resources.APPLICATION, "cockpit", Permissions.ACCESS));
    grants.add(
        new Grant(
            group,
            Resources.PROCESS_DEFINITION,
            ANY,
            ProcessDefinitionPermissions.READ,
            ProcessDefinitionPermissions.READ_INSTANCE,
            ProcessDefinitionPermissions.READ_TASK,
            ProcessDefinitionPermissions.READ_HISTORY));
    grants.add(new Grant(group, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.READ));
    grants.add(
        new Grant(
            group, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY));
  }

  private String filterId(String name) {
    Filter filter = filterService.createFilterQuery().filterName(name).singleResult();
    if (filter == null) {
      throw new IllegalStateException(
          "The Tasklist filter '" + name + "' must exist before it is shared");
    }
    return filter.getId();
  }

  private void withdraw(Grant grant) {
    Authorization existing = existing(grant);
    if (existing == null) {
      return;
    }
    boolean changed = false;
    for (Permission permission : grant.permissions()) {
      if (existing.isPermissionGranted(permission)) {
        existing.removePermission(permission);
        changed = true;
      }
    }
    if (changed) {
      authorizationService.saveAuthorization(existing);
    }
  }

  private Authorization existing(Grant grant) {
    return authorizationService
        .createAuthorizationQuery()
        .authorizationType(AUTH_TYPE_GRANT)
        .groupIdIn(grant.group())
        .resourceType(grant.resource())
        .resourceId(grant.resourceId())
        .singleResult();
  }

  private void grant(Grant grant) {
    Authorization existing = existing(grant);
    Authorization authorization =
        existing != null ? existing : authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
    boolean changed = existing == null;
    if (existing == null) {
      authorization.setGroupId(grant.group());
      authorization.setResource(grant.resource());
      authorization.setResourceId(grant.resourceId());
    }
    for (Permission permission : grant.permissions()) {
      if (!authorization.isPermissionGranted(permission)) {
        authorization.addPermission(permission);
        changed = true;
      }
    }
    if (changed) {
      authorizationService.saveAuthorization(authorization);
    }
  }
}
