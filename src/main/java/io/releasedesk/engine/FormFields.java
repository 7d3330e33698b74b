package io.releasedesk.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * What a person may write into a release through one of its tasks: the fields of the task's form, nothing else, and
 * for each field only what the form accepts (its {@code validate} rules and its type, see {@link FormField}), with
 * every required field filled when the task is completed. A completion, form submission or variable update that
 * names any other variable (say {@code approvalPolicy} or {@code requestedBy}) is refused, so nobody steers a release
 * past its rules through a task they may work on; one with a value the form would not accept is refused as invalid
 * input before the database sees it. A read-only field of the form takes back only the value it shows (Tasklist
 * submits it unchanged) and cannot be removed. Tasks without a Camunda Form are not restricted; a task whose Camunda
 * Form was not deployed with its model accepts nothing. Administrators change variables of a release itself in Cockpit,
 * which this does not touch.
 */
class FormFields {

  private final ProcessEngineConfigurationImpl engine;
  private final ObjectMapper json = new ObjectMapper();

  /** Fields by key, by process definition and task; a definition's forms never change (binding "deployment"). */
  private final Map<String, Map<String, FormField>> cache = new ConcurrentHashMap<>();

  FormFields(ProcessEngineConfigurationImpl engine) {
    this.engine = engine;
  }

  /** Refuses variables that are not fields of the task's form (to remove them, say). */
  void check(String taskId, Collection<String> variableNames) {
    if (taskId == null || variableNames == null || variableNames.isEmpty()) {
      return;
    }
    Task task = find(taskId);
    if (task != null && task.getCamundaFormRef() != null) {
      Map<String, FormField> fields = fieldsOf(task);
      refuseOtherVariables(task, fields.keySet(), variableNames);
      List<String> readOnly =
          variableNames.stream()
              .filter(name -> fields.get(name).readOnly())
              .map(name -> fields.get(name).label() + " is read-only")
              .toList();
      if (!readOnly.isEmpty()) {
        throw new InvalidInputException(
            "'" + task.getName() + "' refuses what was entered: " + String.join("; ", readOnly));
      }
    }
  }

  /**
   * Refuses variables that are not fields of the task's form, and values its fields do not accept; when the task is
   * being completed, also a required field left empty (neither submitted nor filled before).
   *
   * @throws NotFoundException when there is no such task (any more) to change variables of: completed, say, or
   *     deleted
   */
  void check(String taskId, Map<String, ?> variables, boolean completing) {
    if (taskId == null) {
      return;
    }
    Task task = find(taskId);
    if (task == null && completing) {
      // the completion itself refuses it, and says who completed it if it was completed
      // (SimultaneousCompletions)
      return;
    }
    if (task == null) {
      throw new NotFoundException(
          "There is no open task "
              + taskId
              + ": it has been completed or deleted, or never existed");
    }
    if (task.getCamundaFormRef() == null) {
      return;
    }
    Map<String, FormField> fields = fieldsOf(task);
    Map<String, ?> values = variables == null ? Map.of() : variables;
    refuseOtherVariables(task, fields.keySet(), values.keySet());
    var problems = new ArrayList<String>();
    values
        .keySet()
        .forEach(name -> fields.get(name).problem(valueOf(values, name)).ifPresent(problems::add));
    problems.addAll(changedReadOnly(taskId, fields, values));
    if (completing) {
      List<FormField> unfilled =
          fields.values().stream()
              .filter(
                  field -> field.mustBeFilled() && FormField.isEmpty(valueOf(values, field.key())))
              .toList();
      problems.addAll(stillEmpty(taskId, unfilled));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "'" + task.getName() + "' refuses what was entered: " + String.join("; ", problems));
    }
  }

  private Task find(String taskId) {
    // looked up regardless of the caller's permissions; the command itself checks those afterwards
    return engine
        .getCommandExecutorTxRequired()
        .execute(
            context ->
                context.runWithoutAuthorization(
                    () ->
                        engine
                            .getTaskService()
                            .createTaskQuery()
                            .taskId(taskId)
                            .initializeFormKeys()
                            .singleResult()));
  }

  private static void refuseOtherVariables(
      Task task, Collection<String> fields, Collection<String> variableNames) {
    var refused = new TreeSet<>(variableNames);
    refused.removeAll(fields);
    if (!refused.isEmpty()) {
      throw new FieldNotOnFormException(
          "'"
              + task.getName()
              + "' accepts only the fields of its form "
              + new TreeSet<>(fields)
              + ", not "
              + refused);
    }
  }

  /** A value as submitted: typed (as the REST API sends it) or plain (as Java code does). */
  private static Object valueOf(Map<String, ?> values, String name) {
    return values instanceof VariableMap typed ? typed.getValueTyped(name) : values.get(name);
  }

  /** The read-only fields submitted with another value than the one the task shows. */
  private List<String> changedReadOnly(
      String taskId, Map<String, FormField> fields, Map<String, ?> values) {
    List<FormField> readOnly =
        values.keySet().stream().map(fields::get).filter(FormField::readOnly).toList();
    if (readOnly.isEmpty()) {
      return List.of();
    }
    VariableMap shown =
        engine
            .getCommandExecutorTxRequired()
            .execute(
                context ->
                    context.runWithoutAuthorization(
                        () ->
                            engine
                                .getTaskService()
                                .getVariablesTyped(
                                    taskId,
                                    readOnly.stream().map(FormField::key).toList(),
                                    false)));
    return readOnly.stream()
        .filter(
            field -> {
              Object before = shown.get(field.key());
              Object submitted = Variables.untypedValue(valueOf(values, field.key())).getValue();
              return !(Objects.equals(before, submitted)
                  || FormField.isEmpty(before) && FormField.isEmpty(submitted));
            })
        .map(
            field ->
                field.label()
                    + " is read-only: it shows what the release holds and cannot be changed")
        .toList();
  }

  /** The required fields among these that the task does not already show a value for. */
  private List<String> stillEmpty(String taskId, List<FormField> fields) {
    if (fields.isEmpty()) {
      return List.of();
    }
    VariableMap existing =
        engine
            .getCommandExecutorTxRequired()
            .execute(
                context ->
                    context.runWithoutAuthorization(
                        () ->
                            engine
                                .getTaskService()
                                .getVariablesTyped(
                                    taskId, fields.stream().map(FormField::key).toList(), false)));
    return fields.stream()
        .filter(field -> isEmpty(existing.getValueTyped(field.key())))
        .map(field -> field.label() + " is required")
        .toList();
  }

  private static boolean isEmpty(TypedValue value) {
    return value == null
        || value.getType() != null
            && value.getType().isPrimitiveValueType()
            && FormField.isEmpty(value.getValue());
  }

  private Map<String, FormField> fieldsOf(Task task) {
    return cache.computeIfAbsent(
        task.getProcessDefinitionId() + "#" + task.getTaskDefinitionKey(),
        key ->
            engine
                .getCommandExecutorTxRequired()
                .execute(context -> context.runWithoutAuthorization(() -> readForm(task.getId()))));
  }

  /** The fields of the task's Camunda Form, by key. */
  private Map<String, FormField> readForm(String taskId) {
    try (InputStream form = engine.getFormService().getDeployedTaskForm(taskId)) {
      var fields = new LinkedHashMap<String, FormField>();
      collectFields(json.readTree(form), fields);
      return Collections.unmodifiableMap(fields);
    } catch (IOException e) {
      throw new IllegalStateException("The form of task " + taskId + " cannot be read", e);
    }
  }

  private static void collectFields(JsonNode component, Map<String, FormField> fields) {
    FormField.of(component).ifPresent(field -> fields.put(field.key(), field));
    component.path("components").forEach(child -> collectFields(child, fields));
  }
}
