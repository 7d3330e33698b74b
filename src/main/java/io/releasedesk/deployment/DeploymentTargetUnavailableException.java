package io.releasedesk.deployment;

/** A deployment target could not be reached or failed; the step is retried and then becomes an incident. */
public class DeploymentTargetUnavailableException extends RuntimeException {

  public DeploymentTargetUnavailableException(String message) {
    super(message);
  }

  public DeploymentTargetUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
