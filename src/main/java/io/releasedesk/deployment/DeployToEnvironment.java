package io.releasedesk.deployment;

import static io.releasedesk.deployment.DeploymentProcess.Variables.DEPLOYMENT_MODE;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Hands the release to the environment's deployment target. A refusal becomes the BPMN error the model handles; an
 * unreachable target an exception, so the job is retried and then shows as an incident in Cockpit.
 */
@Component
public class DeployToEnvironment implements JavaDelegate {

  private final DeploymentTargets targets;

  public DeployToEnvironment(DeploymentTargets targets) {
    this.targets = targets;
  }

  @Override
  public void execute(DelegateExecution execution) {
    DeploymentRequest request = DeploymentRequests.from(execution);
    try {
      DeploymentMode mode = targets.target(request.environment()).deploy(request);
      DEPLOYMENT_MODE.on(execution).set(mode.variableValue());
    } catch (DeploymentRejectedException e) {
      throw new BpmnError(DeploymentProcess.ERROR_DEPLOYMENT_REJECTED, e.getMessage());
    }
  }
}
