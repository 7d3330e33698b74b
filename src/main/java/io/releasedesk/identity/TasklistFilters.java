package io.releasedesk.identity;

import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Component;

/**
 * The task lists people see in Tasklist. Tasklist starts without any, which leaves a new user looking at an empty
 * page; these are created at start-up when no filter of the same name exists, so a filter an administrator changed
 * stays as they left it.
 */
@Component
public class TasklistFilters {

  public static final String MY_TASKS = "My tasks";
  public static final String MY_GROUPS_TASKS = "My groups' tasks";
  public static final String APPROVALS_WAITING = "Approvals waiting";
  public static final String ALL_OPEN_RELEASES = "All open releases";

  /** The release each task belongs to, shown on every task card. */
  private static final List<Map<String, String>> RELEASE_COLUMNS = List.of(
      Map.of("name", ReleaseProcess.Variables.SERVICE.getName(), "label", "Service"),
      Map.of("name", ReleaseProcess.Variables.VERSION.getName(), "label", "Version"));

  private final FilterService filterService;
  private final TaskService taskService;

  public TasklistFilters(FilterService filterService, TaskService taskService) {
    this.filterService = filterService;
    this.taskService = taskService;
  }

  public void createMissing() {
    createIfMissing(MY_TASKS, -10, "Tasks assigned to me",
        taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
    createIfMissing(MY_GROUPS_TASKS, -5, "Unclaimed tasks for my groups",
        taskService.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").taskUnassigned());
    createIfMissing(APPROVALS_WAITING, 0, "Releases waiting for an approval my groups may give",
        taskService.createTaskQuery()
            .taskDefinitionKeyIn(Elements.TASK_APPROVE_AS_RELEASE_MANAGER, Elements.TASK_APPROVE_AS_CAB_MEMBER)
            .taskCandidateGroupInExpression("${currentUserGroups()}")
            .includeAssignedTasks());
    createIfMissing(ALL_OPEN_RELEASES, 5, "Every open task of every release (for release managers)",
        taskService.createTaskQuery().processDefinitionKeyIn(ReleaseProcess.KEY, DeploymentProcess.KEY));
  }

  private void createIfMissing(String name, int priority, String description, TaskQuery query) {
    if (filterService.createFilterQuery().filterName(name).count() > 0) {
      return;
    }
    var properties = new LinkedHashMap<String, Object>();
    properties.put("description", description);
    properties.put("priority", priority);
    properties.put("refresh", true);
    properties.put("variables", RELEASE_COLUMNS);
    properties.put("showUndefinedVariable", false);
    Filter filter = filterService.newTaskFilter(name).setQuery(query).setProperties(properties);
    filterService.saveFilter(filter);
  }
}
