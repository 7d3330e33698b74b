package io.releasedesk.identity;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * The engine's own check of user and group ids follows {@link PeopleIds} (its default allows letters and digits only,
 * so {@code first.last} or {@code ops-admin} could not be created). Set here rather than in application.yaml, so that
 * the pattern is written once.
 */
@Component
class PeopleIdsPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setUserResourceWhitelistPattern(PeopleIds.PATTERN);
    configuration.setGroupResourceWhitelistPattern(PeopleIds.PATTERN);
  }
}
