package io.releasedesk.deployment;

/** A deployment target refused a deployment; the release has to deal with it, a retry will not. */
public class DeploymentRejectedException extends RuntimeException {

  public DeploymentRejectedException(String message) {
    super(message);
  }
}
