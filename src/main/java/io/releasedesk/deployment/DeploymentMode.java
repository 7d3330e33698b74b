package io.releasedesk.deployment;

/** Whether a target carried out a deployment or roll-back itself, or an operator must. */
public enum DeploymentMode {
  AUTOMATIC,
  MANUAL;

  /** The value the deployment model's gateway tests. */
  public String variableValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
