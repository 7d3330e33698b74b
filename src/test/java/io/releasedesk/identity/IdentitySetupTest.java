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
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.Mockito;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** What people find when they first log in: their groups, the demo people, and task lists that show their work. */
class IdentitySetupTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension =
      ProcessEngineCoverageExtension.builder(ReleaseProcessSetup.ENGINE_CONFIGURATION).build();

  ProcessEngine engine;
  IdentitySetup setup;

  @BeforeEach
  void setUp() {
    var demoUsers =
        new StaticListableBeanFactory(
            Map.of("demoUsers", new DemoUsers(engine.getIdentityService())));
    setup =
        new IdentitySetup(
            new ReleaseDeskGroups(engine.getIdentityService()),
            demoUsers.getBeanProvider(DemoUsers.class),
            new StaticListableBeanFactory().getBeanProvider(InitialAdministrator.class),
            new TasklistFilters(engine.getFilterService(), engine.getTaskService()),
            new ReleaseDeskAuthorizations(
                engine.getAuthorizationService(), engine.getFilterService()));
    // a release started at a task runs the model's start listeners: its due dates
    Reminders.register(engine);
    // and the plan's listener, which opens the plan
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
    engine
        .getFilterService()
        .createFilterQuery()
        .list()
        .forEach(f -> engine.getFilterService().deleteFilter(f.getId()));
    engine
        .getAuthorizationService()
        .createAuthorizationQuery()
        .list()
        .forEach(a -> engine.getAuthorizationService().deleteAuthorization(a.getId()));
  }

  @Test
  void aRestartCreatesNothingTwice() {
    setup.setUp();
    setup.setUp();

    assertThat(engine.getIdentityService().createGroupQuery().count())
        .isEqualTo(ReleaseDeskGroups.ALL.size());
    assertThat(engine.getIdentityService().createUserQuery().count())
        .isEqualTo(DemoUsers.USERS.size());
    assertThat(engine.getFilterService().createFilterQuery().list())
        .extracting(Filter::getName)
        .containsExactlyInAnyOrder(
            TasklistFilters.MY_TASKS,
            TasklistFilters.MY_GROUPS_TASKS,
            TasklistFilters.APPROVALS_WAITING,
            TasklistFilters.ALL_OPEN_RELEASES);
    // one grant per group and resource, however often the application starts
    var authorizations = engine.getAuthorizationService().createAuthorizationQuery().list();
    assertThat(
            authorizations.stream()
                .map(a -> a.getGroupId() + " " + a.getResourceType() + " " + a.getResourceId())
                .distinct())
        .hasSameSizeAs(authorizations);
  }

  @Test
  void permissionsAnAdministratorAddedStay() {
    setup.setUp();
    var authorizationService = engine.getAuthorizationService();
    Authorization qaTasklist =
        authorizationService
            .createAuthorizationQuery()
            .groupIdIn("qa")
            .resourceType(Resources.APPLICATION)
            .resourceId("tasklist")
            .singleResult();
    qaTasklist.addPermission(Permissions.ALL);
    authorizationService.saveAuthorization(qaTasklist);

    setup.setUp();

    assertThat(
            authorizationService
                .createAuthorizationQuery()
                .authorizationId(qaTasklist.getId())
                .singleResult()
                .isPermissionGranted(Permissions.ALL))
        .isTrue();
  }

  @Test
  void aFilterAnAdministratorChangedStaysAsTheyLeftIt() {
    setup.setUp();
    Filter myTasks =
        engine
            .getFilterService()
            .createFilterQuery()
            .filterName(TasklistFilters.MY_TASKS)
            .singleResult();
    engine
        .getFilterService()
        .saveFilter(myTasks.setProperties(Map.of("description", "Mine, sorted by due date")));

    setup.setUp();

    assertThat(engine.getFilterService().getFilter(myTasks.getId()).getProperties())
        .containsEntry("description", "Mine, sorted by due date");
  }

  @Test
  void demoPeopleLogInWithTheirIdAsPasswordAndBelongToTheirGroups() {
    setup.setUp();

    assertThat(engine.getIdentityService().checkPassword("quinn", "quinn")).isTrue();
    assertThat(engine.getIdentityService().createGroupQuery().groupMember("paula").list())
        .extracting(group -> group.getId())
        .containsExactlyInAnyOrder("process-owners", "release-managers");
  }

  @Test
  @Deployment(resources = "processes/release.bpmn")
  void theTaskListsShowEachPersonTheirWorkWithServiceAndVersion() {
    setup.setUp();
    waitingAt(Elements.TASK_PLAN_RELEASE, "payments@2.4.0");
    waitingAt(Elements.TASK_VERIFY_RELEASE_CANDIDATE, "search@1.2.0");
    waitingAt(Elements.TASK_APPROVE_AS_RELEASE_MANAGER, "checkout@3.1.0");

    assertThat(tasksIn(TasklistFilters.MY_GROUPS_TASKS, "quinn", "qa"))
        .extracting(Task::getTaskDefinitionKey)
        .containsExactly(Elements.TASK_VERIFY_RELEASE_CANDIDATE);
    assertThat(
            tasksIn(
                TasklistFilters.APPROVALS_WAITING, "paula", "release-managers", "process-owners"))
        .extracting(Task::getTaskDefinitionKey)
        .containsExactly(Elements.TASK_APPROVE_AS_RELEASE_MANAGER);
    assertThat(tasksIn(TasklistFilters.APPROVALS_WAITING, "quinn", "qa")).isEmpty();
    assertThat(tasksIn(TasklistFilters.ALL_OPEN_RELEASES, "rita", "release-managers")).hasSize(3);

    Filter groupTasks = filter(TasklistFilters.MY_GROUPS_TASKS);
    assertThat((List<Map<String, String>>) groupTasks.getProperties().get("variables"))
        .extracting(column -> column.get("name"))
        .containsExactly(
            SERVICE.getName(), VERSION.getName(), TARGET_DATE.getName(), RISK_LEVEL.getName());
  }

  private void waitingAt(String activity, String releaseKey) {
    String[] key = releaseKey.split("@");
    engine
        .getRuntimeService()
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .setVariables(Reminders.dueDateVariables())
        .businessKey(releaseKey)
        .startBeforeActivity(activity)
        .setVariables(
            Map.of(
                SERVICE.getName(),
                key[0],
                VERSION.getName(),
                key[1],
                REQUESTED_BY.getName(),
                "rita"))
        .execute();
  }

  private List<Task> tasksIn(String filterName, String user, String... groups) {
    engine.getIdentityService().setAuthentication(user, List.of(groups));
    try {
      return engine.getFilterService().list(filter(filterName).getId());
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  private Filter filter(String name) {
    return engine.getFilterService().createFilterQuery().filterName(name).singleResult();
  }
}
