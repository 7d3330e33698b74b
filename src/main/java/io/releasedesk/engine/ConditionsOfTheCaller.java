package io.releasedesk.engine;

import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.runtime.ConditionHandlerResult;
import org.camunda.bpm.engine.impl.runtime.ConditionSet;
import org.camunda.bpm.engine.impl.runtime.DefaultConditionHandler;

/**
 * Evaluating start conditions ({@code POST /condition}) fails when no process starts on a condition, when the named
 * process definition has no conditional start event, or when a condition cannot be evaluated with the variables
 * given: all of them answers to what the caller sent, so they are bad requests (400), not server errors.
 */
class ConditionsOfTheCaller extends DefaultConditionHandler {

  @Override
  public List<ConditionHandlerResult> evaluateStartCondition(
      CommandContext commandContext, ConditionSet conditions) {
    try {
      return super.evaluateStartCondition(commandContext, conditions);
    } catch (BadUserRequestException
        | OptimisticLockingException
        | ProcessEnginePersistenceException e) {
      throw e;
    } catch (ProcessEngineException e) {
      throw new BadUserRequestException(e.getMessage(), e);
    }
  }
}
