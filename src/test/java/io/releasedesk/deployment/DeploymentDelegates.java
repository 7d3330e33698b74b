package io.releasedesk.deployment;

import org.camunda.bpm.engine.test.mock.Mocks;

/** The deployment model's delegates for process tests: the real ones, over targets and health checks of the test's. */
public final class DeploymentDelegates {

  private DeploymentDelegates() {}

  public static void register(DeploymentTargets targets, HealthCheck healthCheck) {
    Mocks.register("deployToEnvironment", new DeployToEnvironment(targets));
    Mocks.register("verifyHealth", new VerifyHealth(targets, healthCheck));
    Mocks.register("rollBackDeployment", new RollBackDeployment(targets));
    Mocks.register("validateManualDeploymentResult", new ValidateManualDeploymentResult());
  }
}
