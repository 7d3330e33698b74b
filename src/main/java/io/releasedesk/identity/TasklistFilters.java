package io.releasedesk.identity;

import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.persistence.entity.FilterEntity;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Component;

/**
 * The task lists people see in Tasklist. Tasklist starts without any, which leaves a new user looking at an empty
 * page; these are created at start-up when no filter of the same name exists. A filter of the same name that exists
 * gains the properties it lacks (the card's columns, refreshing by itself), and, if its query is still one an earlier
 * Release Desk made, the current query; what an administrator set stays as they left it, and other filters are not
 * touched.
 */
@Component
public class TasklistFilters {

  public static final String MY_TASKS = "My tasks";
  public static final String MY_GROUPS_TASKS = "My groups' tasks";
  public static final String APPROVALS_WAITING = "Approvals waiting";
  public static final String ALL_OPEN_RELEASES = "All open releases";

  /**
   * The release each task belongs to, its target date and its risk, shown on every task card (beside the due date
   * Tasklist shows itself).
   */
  static final List<Map<String, String>> RELEASE_COLUMNS =
      List.of(
          Map.of("name", ReleaseProcess.Variables.SERVICE.getName(), "label", "Service"),
          Map.of("name", ReleaseProcess.Variables.VERSION.getName(), "label", "Version"),
          Map.of("name", ReleaseProcess.Variables.TARGET_DATE.getName(), "label", "Target date"),
          Map.of("name", ReleaseProcess.Variables.RISK_LEVEL.getName(), "label", "Risk"));

  private final FilterService filterService;
  private final TaskService taskService;

  public TasklistFilters(FilterService filterService, TaskService taskService) {
    this.filterService = filterService;
    this.taskService = taskService;
  }

  public void createMissing() {
    define(
        MY_TASKS,
        -10,
        "Tasks assigned to me",
        taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
    // candidate user covers the user's groups and the tasks offered to them by name (the CAB
    // approval still open
    // after one member decided); a task someone claimed stays in the list, with its assignee shown
    define(
        MY_GROUPS_TASKS,
        -5,
        "Tasks for my groups and me, claimed or not",
        taskService
            .createTaskQuery()
            .taskCandidateUserExpression("${currentUser()}")
            .includeAssignedTasks(),
        taskService
            .createTaskQuery()
            .taskCandidateGroupInExpression("${currentUserGroups()}")
            .taskUnassigned());
    define(
        APPROVALS_WAITING,
        0,
        "Releases waiting for an approval I may give",
        approvals().taskCandidateUserExpression("${currentUser()}").includeAssignedTasks(),
        approvals()
            .taskCandidateGroupInExpression("${currentUserGroups()}")
            .includeAssignedTasks());
    define(
        ALL_OPEN_RELEASES,
        5,
        "Every open task of every release (for release managers)",
        taskService
            .createTaskQuery()
            .processDefinitionKeyIn(ReleaseProcess.KEY, DeploymentProcess.KEY));
  }

  private TaskQuery approvals() {
    return taskService
        .createTaskQuery()
        .taskDefinitionKeyIn(
            Elements.TASK_APPROVE_AS_RELEASE_MANAGER, Elements.TASK_APPROVE_AS_CAB_MEMBER);
  }

  /**
   * Creates the filter, or brings Release Desk's filter of that name up to date.
   *
   * @param earlier the queries earlier versions of Release Desk gave this filter: one of them still in place is
   *     replaced by {@code query}; any other query was chosen by an administrator and stays
   */
  private void define(
      String name, int priority, String description, TaskQuery query, TaskQuery... earlier) {
    Filter existing = filterService.createFilterQuery().filterName(name).singleResult();
    if (existing == null) {
      var properties = new LinkedHashMap<String, Object>();
      properties.put("description", description);
      properties.put("priority", priority);
      properties.put("refresh", true);
      properties.put("variables", RELEASE_COLUMNS);
      properties.put("showUndefinedVariable", false);
      filterService.saveFilter(
          filterService.newTaskFilter(name).setQuery(query).setProperties(properties));
      return;
    }
    var properties = new LinkedHashMap<String, Object>(existing.getProperties());
    boolean changed = properties.putIfAbsent("refresh", true) == null;
    changed |= addMissingColumns(properties);
    String stored = queryJson(existing);
    for (TaskQuery old : earlier) {
      if (stored.equals(queryJson(filterService.newTaskFilter().setQuery(old)))) {
        existing.setQuery(query);
        properties.put("description", description);
        changed = true;
      }
    }
    if (changed) {
      filterService.saveFilter(existing.setProperties(properties));
    }
  }

  /** Adds Release Desk's card columns that the filter does not show yet, after those it shows. */
  private static boolean addMissingColumns(Map<String, Object> properties) {
    if (!(properties.get("variables") instanceof List<?> shown)) {
      properties.put("variables", RELEASE_COLUMNS);
      return true;
    }
    List<Object> columns = new ArrayList<>(shown);
    for (Map<String, String> column : RELEASE_COLUMNS) {
      boolean present =
          shown.stream()
              .anyMatch(
                  other ->
                      other instanceof Map<?, ?> map && column.get("name").equals(map.get("name")));
      if (!present) {
        columns.add(column);
      }
    }
    properties.put("variables", columns);
    return columns.size() > shown.size();
  }

  private static String queryJson(Filter filter) {
    return ((FilterEntity) filter).getQueryInternal();
  }
}
