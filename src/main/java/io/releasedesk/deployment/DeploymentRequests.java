package io.releasedesk.deployment;

import static io.releasedesk.deployment.DeploymentProcess.Variables.COMMIT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.ENVIRONMENT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.RELEASE_KEY;
import static io.releasedesk.deployment.DeploymentProcess.Variables.SERVICE;
import static io.releasedesk.deployment.DeploymentProcess.Variables.VERSION;

import org.camunda.bpm.engine.delegate.DelegateExecution;

final class DeploymentRequests {

  private DeploymentRequests() {}

  /**
   * The request this deployment instance stands for. Its idempotency key (deployment instance, environment) is the
   * same on every retry of a step and different for every new deployment. The commit is null for a deployment called
   * by a release that began before candidates were pinned to commits.
   */
  static DeploymentRequest from(DelegateExecution execution) {
    String environment = ENVIRONMENT.from(execution).get();
    return new DeploymentRequest(
        SERVICE.from(execution).get(),
        VERSION.from(execution).get(),
        COMMIT.from(execution).getOrNull(),
        environment,
        RELEASE_KEY.from(execution).get(),
        execution.getProcessInstanceId() + ":" + environment);
  }
}
