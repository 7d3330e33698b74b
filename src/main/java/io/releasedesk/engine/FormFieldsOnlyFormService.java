package io.releasedesk.engine;

import java.util.Map;
import org.camunda.bpm.engine.impl.FormServiceImpl;
import org.camunda.bpm.engine.variable.VariableMap;

/** The engine's form service, refusing task form submissions with fields the form does not have. */
class FormFieldsOnlyFormService extends FormServiceImpl {

  private final FormFields formFields;

  FormFieldsOnlyFormService(FormFields formFields) {
    this.formFields = formFields;
  }

  /** submitTaskFormData ends here too. */
  @Override
  public void submitTaskForm(String taskId, Map<String, Object> properties) {
    formFields.check(taskId, properties, true);
    super.submitTaskForm(taskId, properties);
  }

  @Override
  public VariableMap submitTaskFormWithVariablesInReturn(
      String taskId, Map<String, Object> properties, boolean deserializeValues) {
    formFields.check(taskId, properties, true);
    return super.submitTaskFormWithVariablesInReturn(taskId, properties, deserializeValues);
  }
}
