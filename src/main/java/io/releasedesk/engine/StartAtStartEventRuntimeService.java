package io.releasedesk.engine;

import org.camunda.bpm.engine.impl.ProcessInstantiationBuilderImpl;
import org.camunda.bpm.engine.impl.RuntimeServiceImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.runtime.ProcessInstanceWithVariables;
import org.camunda.bpm.engine.runtime.ProcessInstantiationBuilder;

/**
 * The engine's runtime service, refusing a start at the start event that asks to skip listeners or input mappings.
 * The engine refuses it too, but before any command and as bad input, which the engine REST API answers with 500;
 * this answers it as the rule of {@link AlongItsModelOnly} (403), which refuses the same skips at other activities.
 */
class StartAtStartEventRuntimeService extends RuntimeServiceImpl {

  @Override
  public ProcessInstantiationBuilder createProcessInstanceById(String processDefinitionId) {
    return new Instantiation(commandExecutor, processDefinitionId, null);
  }

  @Override
  public ProcessInstantiationBuilder createProcessInstanceByKey(String processDefinitionKey) {
    return new Instantiation(commandExecutor, null, processDefinitionKey);
  }

  private static class Instantiation extends ProcessInstantiationBuilderImpl {

    Instantiation(
        CommandExecutor commandExecutor, String processDefinitionId, String processDefinitionKey) {
      super(commandExecutor);
      this.processDefinitionId = processDefinitionId;
      this.processDefinitionKey = processDefinitionKey;
    }

    @Override
    public ProcessInstanceWithVariables executeWithVariablesInReturn(
        boolean skipCustomListeners, boolean skipIoMappings) {
      if ((skipCustomListeners || skipIoMappings)
          && modificationBuilder.getModificationOperations().isEmpty()) {
        throw new OffTheModelException(AlongItsModelOnly.STARTS_AT_ITS_START_EVENT);
      }
      return super.executeWithVariablesInReturn(skipCustomListeners, skipIoMappings);
    }
  }
}
