package io.releasedesk.deployment;

import static io.releasedesk.deployment.DeploymentProcess.Variables.DEPLOYMENT_FAILURE;
import static io.releasedesk.deployment.DeploymentProcess.Variables.MANUAL_DEPLOYMENT_RESULT;

import io.releasedesk.engine.InvalidInputException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Checks an operator's confirmation of a manual deployment, whichever way it arrives: it says whether the deployment
 * succeeded, and a failure says what went wrong, so that the roll-back and the release manager have something to go
 * on.
 */
@Component
public class ValidateManualDeploymentResult implements TaskListener {

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  @Override
  public void notify(DelegateTask task) {
    String result = MANUAL_DEPLOYMENT_RESULT.from(task).getOrNull();
    if (!SUCCEEDED.equals(result) && !FAILED.equals(result)) {
      throw new InvalidInputException(
          "Say whether the deployment succeeded or failed (manualDeploymentResult '"
              + SUCCEEDED
              + "' or '"
              + FAILED
              + "', not '"
              + result
              + "')");
    }
    String failure = DEPLOYMENT_FAILURE.from(task).getOrNull();
    if (FAILED.equals(result) && (failure == null || failure.isBlank())) {
      throw new InvalidInputException("A failed deployment needs a description of what went wrong");
    }
  }
}
