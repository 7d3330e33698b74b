package io.releasedesk.metrics;

import io.releasedesk.engine.InvalidInputException;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Service;

/**
 * The open action items of retrospectives: one process instance of {@value #PROCESS_KEY} per item, open while its
 * user task is. Read as the caller, through the engine's task query, page by page; none while that process is not
 * deployed.
 */
@Service
public class ActionItems {

  /** The key of the process that tracks one action item, and its variables. */
  static final String PROCESS_KEY = "improvement-action";
  static final String SERVICE = "service";
  static final String RELEASE_KEY = "releaseKey";
  static final String WHAT = "actionWhat";
  static final String OWNER = "actionOwner";
  static final String DUE = "actionDue";

  static final int MAX_RESULTS = 100;

  /** One open action item: what, whose, due when (ISO date), from which release, and its task. */
  public record Item(String what, String owner, String due, String service, String releaseKey, String taskId,
      String taskName, String assignee, Date createdAt) {}

  public record Page(long total, int firstResult, int maxResults, List<Item> items) {}

  private final TaskService taskService;
  private final RuntimeService runtimeService;

  ActionItems(TaskService taskService, RuntimeService runtimeService) {
    this.taskService = taskService;
    this.runtimeService = runtimeService;
  }

  /** @throws InvalidInputException for paging values out of range */
  public Page open(String service, int firstResult, int maxResults) {
    if (firstResult < 0 || maxResults < 1 || maxResults > MAX_RESULTS) {
      throw new InvalidInputException("'firstResult' must be 0 or more and 'maxResults' from 1 to " + MAX_RESULTS
          + ", not " + firstResult + " and " + maxResults);
    }
    long total = query(service).count();
    List<Task> tasks = query(service).orderByTaskCreateTime().asc().orderByTaskId().asc()
        .listPage(firstResult, maxResults);
    Map<String, Map<String, Object>> variables = new HashMap<>();
    if (!tasks.isEmpty()) {
      runtimeService.createVariableInstanceQuery()
          .processInstanceIdIn(tasks.stream().map(Task::getProcessInstanceId).distinct().toArray(String[]::new))
          .variableNameIn(SERVICE, RELEASE_KEY, WHAT, OWNER, DUE)
          .listPage(0, tasks.size() * 5)
          .forEach(variable -> variables.computeIfAbsent(variable.getProcessInstanceId(), id -> new HashMap<>())
              .putIfAbsent(variable.getName(), variable.getValue()));
    }
    List<Item> items = tasks.stream().map(task -> {
      Map<String, Object> values = variables.getOrDefault(task.getProcessInstanceId(), Map.of());
      return new Item(text(values, WHAT), text(values, OWNER), text(values, DUE), text(values, SERVICE),
          text(values, RELEASE_KEY), task.getId(), task.getName(), task.getAssignee(), task.getCreateTime());
    }).toList();
    return new Page(total, firstResult, maxResults, items);
  }

  private TaskQuery query(String service) {
    TaskQuery query = taskService.createTaskQuery().processDefinitionKey(PROCESS_KEY).active();
    return service == null || service.isBlank() ? query : query.processVariableValueEquals(SERVICE, service.strip());
  }

  private static String text(Map<String, Object> values, String name) {
    Object value = values.get(name);
    return value == null ? null : value.toString();
  }
}
