package io.releasedesk.deployment;

import io.releasedesk.engine.ExplainedFailure;

/**
 * A deployment target could not be reached or failed; the step is retried and then becomes an incident. Its message
 * names the target and the cause, so a failed attempt is logged in one line.
 */
public class DeploymentTargetUnavailableException extends RuntimeException
    implements ExplainedFailure {

  public DeploymentTargetUnavailableException(String message) {
    super(message);
  }

  public DeploymentTargetUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
