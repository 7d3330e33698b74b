package io.releasedesk.deployment;

/** Something that deploys a release to one environment and can take it back. */
public interface DeploymentTarget {

  /**
   * Deploys, or hands the deployment to an operator.
   *
   * @throws DeploymentRejectedException when the target refuses this deployment (trying again will not help)
   * @throws DeploymentTargetUnavailableException when the target cannot be reached or fails (worth retrying)
   */
  DeploymentMode deploy(DeploymentRequest request);

  /**
   * Takes a failed deployment back, or hands the roll-back to an operator.
   *
   * @throws DeploymentTargetUnavailableException when the target cannot be reached or fails (worth retrying)
   */
  DeploymentMode rollBack(DeploymentRequest request);
}
