package io.releasedesk.deployment;

import static io.releasedesk.deployment.DeploymentProcess.Variables.ROLLBACK_STATUS;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Asks the environment's target to take a failed deployment back, and says what operations still has to do. */
@Component
public class RollBackDeployment implements JavaDelegate {

  private final DeploymentTargets targets;

  public RollBackDeployment(DeploymentTargets targets) {
    this.targets = targets;
  }

  @Override
  public void execute(DelegateExecution execution) {
    DeploymentRequest request = DeploymentRequests.from(execution);
    DeploymentMode mode = targets.target(request.environment()).rollBack(request);
    ROLLBACK_STATUS
        .on(execution)
        .set(
            switch (mode) {
              case AUTOMATIC ->
                  "Rolled back automatically: the "
                      + request.environment()
                      + " roll-back webhook accepted the request. Check that the previous version runs again.";
              case MANUAL ->
                  "Not rolled back yet: "
                      + request.environment()
                      + " has no automatic roll-back. Roll "
                      + request.service()
                      + " back to its previous version by hand.";
            });
  }
}
