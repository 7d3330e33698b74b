package io.releasedesk.identity;

import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcessSetup;
import io.releasedesk.release.ReleaseProperties;
import io.releasedesk.release.RunningReleases;
import io.releasedesk.release.ValidateReleaseRequest;
import io.releasedesk.reminders.Reminders;
import io.releasedesk.support.DemoCatalog;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.Mockito;

/**
 * Release Desk's task lists in an installation that already has them: they gain the card's target date and risk, and
 * refresh by themselves; "My groups' tasks" keeps a claimed task; what an administrator changed, and every other
 * filter, stays as it was.
 */
class TasklistFiltersTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension =
      ProcessEngineCoverageExtension.builder(ReleaseProcessSetup.ENGINE_CONFIGURATION).build();

  ProcessEngine engine;
  FilterService filters;
  TaskService tasks;
  TasklistFilters tasklistFilters;

  @BeforeEach
  void setUp() {
    filters = engine.getFilterService();
    tasks = engine.getTaskService();
    tasklistFilters = new TasklistFilters(filters, tasks);
    Reminders.register(engine);
    // the release's plan checks what it answers as it opens
    Mocks.register(
        "validateReleaseRequest",
        new ValidateReleaseRequest(
            new ReleaseProperties(Duration.ofDays(3)),
            Mockito.mock(RunningReleases.class),
            DemoCatalog.load()));
  }

  @AfterEach
  void cleanUp() {
    var identity = engine.getIdentityService();
    identity.clearAuthentication();
    identity.createUserQuery().list().forEach(user -> identity.deleteUser(user.getId()));
    identity.createGroupQuery().list().forEach(group -> identity.deleteGroup(group.getId()));
    filters.createFilterQuery().list().forEach(filter -> filters.deleteFilter(filter.getId()));
  }

  @Test
  void filtersAnEarlierReleaseDeskMadeAreBroughtUpToDate() {
    // given: the filters as an earlier Release Desk created them (service and version on the cards,
    // unclaimed tasks)
    Filter groups =
        earlier(
            TasklistFilters.MY_GROUPS_TASKS,
            "Unclaimed tasks for my groups",
            tasks
                .createTaskQuery()
                .taskCandidateGroupInExpression("${currentUserGroups()}")
                .taskUnassigned());
    Filter mine =
        earlier(
            TasklistFilters.MY_TASKS,
            "Tasks assigned to me",
            tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
    // ... an administrator's own list, and Release Desk's "All open releases" whose query an
    // administrator narrowed
    Filter own =
        filters.saveFilter(
            filters
                .newTaskFilter("Due this week")
                .setQuery(tasks.createTaskQuery().dueBeforeExpression("${dateTime().plusWeeks(1)}"))
                .setProperties(Map.of("description", "Mine")));
    Filter narrowed =
        earlier(
            TasklistFilters.ALL_OPEN_RELEASES,
            "Only payments",
            tasks.createTaskQuery().processInstanceBusinessKeyLike("payments@%"));

    // when: Release Desk starts
    tasklistFilters.createMissing();

    // then: its filters show target date and risk on the cards, and refresh by themselves
    for (Filter filter : List.of(groups, mine, narrowed)) {
      Map<String, Object> properties = filters.getFilter(filter.getId()).getProperties();
      assertThat(properties).containsEntry("refresh", true);
      assertThat(columns(properties))
          .containsExactly(
              SERVICE.getName(), VERSION.getName(), TARGET_DATE.getName(), RISK_LEVEL.getName());
    }
    // ... "My groups' tasks" has the current query and says so
    assertThat(filters.getFilter(groups.getId()).getProperties())
        .containsEntry("description", "Tasks for my groups and me, claimed or not");
    // ... the query an administrator chose stays, with their description
    assertThat(filters.getFilter(narrowed.getId()).getProperties())
        .containsEntry("description", "Only payments");
    assertThat(
            ((TaskQueryImpl) filters.getFilter(narrowed.getId()).<TaskQuery>getQuery())
                .getProcessInstanceBusinessKeyLike())
        .isEqualTo("payments@%");
    // ... and the administrator's own list is untouched; nothing was deleted or added twice
    assertThat(filters.getFilter(own.getId()).getProperties())
        .isEqualTo(Map.of("description", "Mine"));
    assertThat(filters.createFilterQuery().count()).isEqualTo(5);
  }

  @Test
  @Deployment(resources = "processes/release.bpmn")
  void aClaimedTaskStaysInMyGroupsTasks() {
    // given: the filters, and a release waiting for its plan that Paula's colleague Rita claimed
    tasklistFilters.createMissing();
    var identity = engine.getIdentityService();
    identity.saveGroup(identity.newGroup(ReleaseProcess.Groups.RELEASE_MANAGERS));
    for (String manager : List.of("rita", "paula")) {
      identity.saveUser(identity.newUser(manager));
      identity.createMembership(manager, ReleaseProcess.Groups.RELEASE_MANAGERS);
    }
    String release =
        engine
            .getRuntimeService()
            .createProcessInstanceByKey(ReleaseProcess.KEY)
            .setVariables(Reminders.dueDateVariables())
            .businessKey("payments@2.4.0")
            .startBeforeActivity(Elements.TASK_PLAN_RELEASE)
            .setVariables(
                Map.of(
                    SERVICE.getName(),
                    "payments",
                    VERSION.getName(),
                    "2.4.0",
                    REQUESTED_BY.getName(),
                    "devon"))
            .execute()
            .getId();
    Task plan = tasks.createTaskQuery().processInstanceId(release).singleResult();
    tasks.claim(plan.getId(), "rita");

    // then: both release managers still find it among their groups' tasks
    for (String manager : List.of("rita", "paula")) {
      engine
          .getIdentityService()
          .setAuthentication(manager, List.of(ReleaseProcess.Groups.RELEASE_MANAGERS));
      assertThat(filters.<Task>list(filterId(TasklistFilters.MY_GROUPS_TASKS)))
          .extracting(Task::getId)
          .containsExactly(plan.getId());
    }
  }

  private Filter earlier(String name, String description, TaskQuery query) {
    var properties = new LinkedHashMap<String, Object>();
    properties.put("description", description);
    properties.put("priority", 0);
    properties.put(
        "variables",
        List.of(
            Map.of("name", SERVICE.getName(), "label", "Service"),
            Map.of("name", VERSION.getName(), "label", "Version")));
    return filters.saveFilter(
        filters.newTaskFilter(name).setQuery(query).setProperties(properties));
  }

  private String filterId(String name) {
    return filters.createFilterQuery().filterName(name).singleResult().getId();
  }

  @SuppressWarnings("unchecked")
  private static List<String> columns(Map<String, Object> properties) {
    return ((List<Map<String, String>>) properties.get("variables"))
        .stream().map(column -> column.get("name")).toList();
  }
}
