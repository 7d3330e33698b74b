package io.releasedesk.models;

import java.util.List;
import java.util.function.Predicate;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;

/**
 * Runs before the engine's own deployers on every new deployment, whoever makes it (the engine REST API, Camunda
 * Modeler, {@link ModelDeployer} at start-up, Java), and refuses the whole deployment if one of its resources breaks
 * {@link ModelRules}. Deployments already stored are not checked again when the engine loads them.
 */
class CheckModelsBeforeDeployment implements Deployer {

  private final Predicate<String> isDelegate;

  CheckModelsBeforeDeployment(Predicate<String> isDelegate) {
    this.isDelegate = isDelegate;
  }

  @Override
  public void deploy(DeploymentEntity deployment) {
    if (!deployment.isNew()) {
      return;
    }
    for (ResourceEntity resource : deployment.getResources().values()) {
      List<String> problems =
          ModelRules.problems(resource.getName(), resource.getBytes(), isDelegate);
      if (!problems.isEmpty()) {
        throw new RefusedModelException(resource.getName(), problems);
      }
    }
  }
}
