package io.releasedesk.engine;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/** Engine settings that cannot be expressed as {@code camunda.bpm.*} properties. */
@Component
public class ReleaseDeskEnginePlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    var interceptors = new ArrayList<CommandInterceptor>();
    if (configuration.getCustomPreCommandInterceptorsTxRequired() != null) {
      interceptors.addAll(configuration.getCustomPreCommandInterceptorsTxRequired());
    }
    interceptors.add(0, new RevealRuleViolations());
    // outside it: a completion that lost a race is run once more, on what the race's winner left
    interceptors.add(0, new SimultaneousCompletions.Retry(configuration));
    configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
    // after the command context is opened: the rules ask it who issues the command
    var postInterceptors = new ArrayList<CommandInterceptor>();
    if (configuration.getCustomPostCommandInterceptorsTxRequired() != null) {
      postInterceptors.addAll(configuration.getCustomPostCommandInterceptorsTxRequired());
    }
    postInterceptors.add(new SimultaneousCompletions.TaskMustBeOpen());
    postInterceptors.add(new AlongItsModelOnly());
    postInterceptors.add(new EvidenceStays());
    postInterceptors.add(new TimersFireWhenDue());
    configuration.setCustomPostCommandInterceptorsTxRequired(postInterceptors);

    var formFields = new FormFields(configuration);
    configuration.setTaskService(new GuardedTaskService(formFields));
    configuration.setFormService(new FormFieldsOnlyFormService(formFields));
    configuration.setRuntimeService(new StartAtStartEventRuntimeService());
    configuration.setCommandContextFactory(new RefusalsAreNotErrors(configuration));
    configuration.setConditionHandler(new ConditionsOfTheCaller());
    OneLineJobFailures.install();
  }
}
