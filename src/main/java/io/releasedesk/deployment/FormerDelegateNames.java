package io.releasedesk.deployment;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The former names of the deployment model's delegates. A model keeps the delegate names it was deployed with, so a
 * release whose manual deployment was requested under an earlier model still completes it after an upgrade.
 */
@Configuration(proxyBeanMethods = false)
public class FormerDelegateNames {

  /** The name of {@link ValidateManualDeploymentResult} in models deployed before it was named after what it does. */
  public static final String CONFIRM_MANUAL_DEPLOYMENT = "confirmManualDeployment";

  @Bean
  static BeanFactoryPostProcessor confirmManualDeploymentAlias() {
    return factory ->
        factory.registerAlias("validateManualDeploymentResult", CONFIRM_MANUAL_DEPLOYMENT);
  }
}
