package io.releasedesk.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.task.Task;

/**
 * What a person may write into a release through one of its tasks: the fields of the task's form, nothing else. A
 * completion, form submission or variable update that names any other variable (say {@code approvalPolicy} or
 * {@code requestedBy}) is refused, so nobody steers a release past its rules through a task they may work on.
 * Tasks without a Camunda Form are not restricted; a task whose Camunda Form was not deployed with its model accepts
 * nothing. Administrators change variables of a release itself in Cockpit, which this does not touch.
 */
class FormFields {

  private final ProcessEngineConfigurationImpl engine;
  private final ObjectMapper json = new ObjectMapper();
  /** Field keys by process definition and task; a definition's forms never change (binding "deployment"). */
  private final Map<String, Set<String>> cache = new ConcurrentHashMap<>();

  FormFields(ProcessEngineConfigurationImpl engine) {
    this.engine = engine;
  }

  /** Refuses variables that are not fields of the task's form. */
  void check(String taskId, Collection<String> variableNames) {
    if (taskId == null || variableNames == null || variableNames.isEmpty()) {
      return;
    }
    CommandExecutor commands = engine.getCommandExecutorTxRequired();
    // looked up regardless of the caller's permissions; the command itself checks those afterwards
    Task task = commands.execute(context -> context.runWithoutAuthorization(() ->
        engine.getTaskService().createTaskQuery().taskId(taskId).initializeFormKeys().singleResult()));
    if (task == null || task.getCamundaFormRef() == null) {
      return;
    }
    Set<String> fields = cache.computeIfAbsent(task.getProcessDefinitionId() + "#" + task.getTaskDefinitionKey(),
        key -> commands.execute(context -> context.runWithoutAuthorization(() -> fieldsOf(taskId))));
    var refused = new TreeSet<>(variableNames);
    refused.removeAll(fields);
    if (!refused.isEmpty()) {
      throw new FieldNotOnFormException(
          "'" + task.getName() + "' accepts only the fields of its form " + fields + ", not " + refused);
    }
  }

  /** The keys of the fields of the task's Camunda Form. */
  private Set<String> fieldsOf(String taskId) {
    try (InputStream form = engine.getFormService().getDeployedTaskForm(taskId)) {
      var keys = new TreeSet<String>();
      collectKeys(json.readTree(form), keys);
      return Collections.unmodifiableSortedSet(keys);
    } catch (IOException e) {
      throw new IllegalStateException("The form of task " + taskId + " cannot be read", e);
    }
  }

  private static void collectKeys(JsonNode component, Set<String> keys) {
    if (component.hasNonNull("key") && component.has("type")) {
      keys.add(component.get("key").asText());
    }
    component.path("components").forEach(child -> collectKeys(child, keys));
  }
}
