package io.releasedesk.deployment;

/** An environment that operations deploy to by hand: the model asks them to and waits for their confirmation. */
class ManualDeploymentTarget implements DeploymentTarget {

  @Override
  public DeploymentMode deploy(DeploymentRequest request) {
    return DeploymentMode.MANUAL;
  }

  @Override
  public DeploymentMode rollBack(DeploymentRequest request) {
    return DeploymentMode.MANUAL;
  }
}
