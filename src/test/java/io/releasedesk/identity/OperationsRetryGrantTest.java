package io.releasedesk.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Groups;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An installation from before operations retried deployments gets their grant at its next start, on the grant it
 * already has, and keeps it at every start after; operations get no retry on the release model.
 */
class OperationsRetryGrantTest {

  @RegisterExtension
  static ProcessEngineExtension extension =
      ProcessEngineExtension.builder().configurationResource("process-test-engine.cfg.xml").build();

  ProcessEngine engine;

  @AfterEach
  void cleanUp() {
    engine
        .getFilterService()
        .createFilterQuery()
        .list()
        .forEach(filter -> engine.getFilterService().deleteFilter(filter.getId()));
    engine
        .getAuthorizationService()
        .createAuthorizationQuery()
        .list()
        .forEach(a -> engine.getAuthorizationService().deleteAuthorization(a.getId()));
  }

  @Test
  void anExistingInstallationGrantsOperationsRetriesOfDeploymentsAtStart() {
    // given an installation whose operations could only read the deployment model
    new TasklistFilters(engine.getFilterService(), engine.getTaskService()).createMissing();
    var authorizations = engine.getAuthorizationService();
    Authorization earlier = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
    earlier.setGroupId(Groups.OPERATIONS);
    earlier.setResource(Resources.PROCESS_DEFINITION);
    earlier.setResourceId(DeploymentProcess.KEY);
    earlier.addPermission(ProcessDefinitionPermissions.READ);
    authorizations.saveAuthorization(earlier);

    // when it starts, twice
    var grants = new ReleaseDeskAuthorizations(authorizations, engine.getFilterService());
    grants.grantMissing();
    grants.grantMissing();

    // then the grant it had now also lets operations read deployments and retry their jobs
    Authorization now = grant(Resources.PROCESS_DEFINITION, DeploymentProcess.KEY);
    assertThat(now.getId()).isEqualTo(earlier.getId());
    assertThat(now.isPermissionGranted(ProcessDefinitionPermissions.READ)).isTrue();
    assertThat(now.isPermissionGranted(ProcessDefinitionPermissions.READ_INSTANCE)).isTrue();
    assertThat(now.isPermissionGranted(ProcessDefinitionPermissions.RETRY_JOB)).isTrue();
    assertThat(now.isPermissionGranted(ProcessDefinitionPermissions.UPDATE_INSTANCE)).isFalse();
    assertThat(now.isPermissionGranted(ProcessDefinitionPermissions.UPDATE_INSTANCE_VARIABLE))
        .isFalse();
    assertThat(now.isPermissionGranted(ProcessDefinitionPermissions.DELETE_INSTANCE)).isFalse();
    assertThat(now.isPermissionGranted(ProcessDefinitionPermissions.SUSPEND_INSTANCE)).isFalse();
    // in Cockpit
    assertThat(grant(Resources.APPLICATION, "cockpit").isPermissionGranted(Permissions.ACCESS))
        .isTrue();
    // and nothing of the kind on releases
    Authorization release = grant(Resources.PROCESS_DEFINITION, ReleaseProcess.KEY);
    assertThat(release.isPermissionGranted(ProcessDefinitionPermissions.RETRY_JOB)).isFalse();
    assertThat(release.isPermissionGranted(ProcessDefinitionPermissions.READ_INSTANCE)).isFalse();
  }

  Authorization grant(Resources resource, String resourceId) {
    return engine
        .getAuthorizationService()
        .createAuthorizationQuery()
        .authorizationType(AUTH_TYPE_GRANT)
        .groupIdIn(Groups.OPERATIONS)
        .resourceType(resource)
        .resourceId(resourceId)
        .singleResult();
  }
}
