package io.releasedesk.deployment;

import static io.releasedesk.deployment.DeploymentProcess.Variables.DEPLOYMENT_FAILURE;
import static io.releasedesk.deployment.DeploymentProcess.Variables.ENVIRONMENT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.HEALTHY;
import static io.releasedesk.deployment.DeploymentProcess.Variables.HEALTH_REPORT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Checks the environment's health URL after a deployment; an unhealthy result sends the model to roll back. */
@Component
public class VerifyHealth implements JavaDelegate {

  private final DeploymentTargets targets;
  private final HealthCheck healthCheck;

  public VerifyHealth(DeploymentTargets targets, HealthCheck healthCheck) {
    this.targets = targets;
    this.healthCheck = healthCheck;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String environment = ENVIRONMENT.from(execution).get();
    HealthCheck.Report report = healthCheck.check(targets.healthUrl(environment));
    HEALTHY.on(execution).set(report.healthy());
    HEALTH_REPORT.on(execution).set(report.summary());
    if (!report.healthy()) {
      DEPLOYMENT_FAILURE
          .on(execution)
          .set("Health check of " + environment + " failed: " + report.summary());
    }
  }
}
