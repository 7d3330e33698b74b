package io.releasedesk.engine;

import static io.releasedesk.engine.FormFieldsOnlyTaskService.names;

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
    formFields.check(taskId, names(properties));
    super.submitTaskForm(taskId, properties);
  }

  @Override
  public VariableMap submitTaskFormWithVariablesInReturn(String taskId, Map<String, Object> properties,
      boolean deserializeValues) {
    formFields.check(taskId, names(properties));
    return super.submitTaskFormWithVariablesInReturn(taskId, properties, deserializeValues);
  }
}
