package io.releasedesk.deployment;

import io.releasedesk.calendar.FreezeWindows;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.mockito.Mockito;

/** The deployment model's delegates for process tests: the real ones, over targets and health checks of the test's. */
public final class DeploymentDelegates {

  private DeploymentDelegates() {}

  public static void register(DeploymentTargets targets, HealthCheck healthCheck) {
    Mocks.register("deployToEnvironment", new DeployToEnvironment(targets));
    Mocks.register("verifyHealth", new VerifyHealth(targets, healthCheck));
    Mocks.register("rollBackDeployment", new RollBackDeployment(targets));
    Mocks.register("validateManualDeploymentResult", new ValidateManualDeploymentResult());
    Mocks.register("describeDeployment", new DescribeDeployment(Mockito.mock(FreezeWindows.class)));
  }
}
