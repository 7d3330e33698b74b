package io.releasedesk.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.TaskServiceImpl;
import org.camunda.bpm.engine.variable.VariableMap;

/** The engine's task service, refusing variables that are not fields of the task's form (see {@link FormFields}). */
class FormFieldsOnlyTaskService extends TaskServiceImpl {

  private final FormFields formFields;

  FormFieldsOnlyTaskService(FormFields formFields) {
    this.formFields = formFields;
  }

  @Override
  public void complete(String taskId, Map<String, Object> variables) {
    formFields.check(taskId, variables, true);
    super.complete(taskId, variables);
  }

  @Override
  public VariableMap completeWithVariablesInReturn(
      String taskId, Map<String, Object> variables, boolean deserializeValues) {
    formFields.check(taskId, variables, true);
    return super.completeWithVariablesInReturn(taskId, variables, deserializeValues);
  }

  @Override
  public void resolveTask(String taskId, Map<String, Object> variables) {
    formFields.check(taskId, names(variables));
    super.resolveTask(taskId, variables);
  }

  /** Every setVariable… method ends here. */
  @Override
  protected void setVariables(
      String taskId, Map<String, ? extends Object> variables, boolean local) {
    formFields.check(taskId, variables, false);
    super.setVariables(taskId, variables, local);
  }

  /** Both updateVariables… methods end here. */
  @Override
  protected void updateVariables(
      String taskId,
      Map<String, ? extends Object> modifications,
      Collection<String> deletions,
      boolean local) {
    formFields.check(taskId, modifications, false);
    formFields.check(taskId, deletions);
    super.updateVariables(taskId, modifications, deletions, local);
  }

  @Override
  public void removeVariable(String taskId, String variableName) {
    formFields.check(taskId, List.of(variableName));
    super.removeVariable(taskId, variableName);
  }

  @Override
  public void removeVariableLocal(String taskId, String variableName) {
    formFields.check(taskId, List.of(variableName));
    super.removeVariableLocal(taskId, variableName);
  }

  @Override
  public void removeVariables(String taskId, Collection<String> variableNames) {
    formFields.check(taskId, variableNames);
    super.removeVariables(taskId, variableNames);
  }

  @Override
  public void removeVariablesLocal(String taskId, Collection<String> variableNames) {
    formFields.check(taskId, variableNames);
    super.removeVariablesLocal(taskId, variableNames);
  }

  @Override
  public void handleBpmnError(
      String taskId, String errorCode, String errorMessage, Map<String, Object> variables) {
    formFields.check(taskId, names(variables));
    super.handleBpmnError(taskId, errorCode, errorMessage, variables);
  }

  @Override
  public void handleEscalation(
      String taskId, String escalationCode, Map<String, Object> variables) {
    formFields.check(taskId, names(variables));
    super.handleEscalation(taskId, escalationCode, variables);
  }

  static Collection<String> names(Map<String, ?> variables) {
    return variables == null ? List.of() : variables.keySet();
  }
}
