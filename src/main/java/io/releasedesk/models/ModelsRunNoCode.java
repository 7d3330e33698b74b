package io.releasedesk.models;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Deploying a model is not deploying code: every new deployment is checked against {@link ModelRules}, and the
 * engine's expressions resolve only the delegate beans ({@link DelegateBeans}), not every bean of the application.
 */
@Component
public class ModelsRunNoCode extends AbstractProcessEnginePlugin {

  private final ApplicationContext context;

  public ModelsRunNoCode(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    var delegates = new DelegateBeans(context);
    configuration.setBeans(delegates);
    configuration.setExpressionManager(new SpringExpressionManager(context, delegates));

    var preDeployers = new ArrayList<Deployer>();
    if (configuration.getCustomPreDeployers() != null) {
      preDeployers.addAll(configuration.getCustomPreDeployers());
    }
    preDeployers.add(new CheckModelsBeforeDeployment(delegates));
    configuration.setCustomPreDeployers(preDeployers);
  }
}
