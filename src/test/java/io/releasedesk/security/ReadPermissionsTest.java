package io.releasedesk.security;

import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_OBSERVATION_PERIOD_OVER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.OBSERVATION_PERIOD;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPOSITORY;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Groups;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import io.releasedesk.support.TasklistSession;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;

/**
 * Who reads what. Participants (quinn of QA, devon of development) read the releases they have a task in — the task,
 * its card's service and version, its form's values — and nothing of any other release, through whichever door;
 * release managers (rita) and release viewers (mona) read every release and its history.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ReadPermissionsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A process owner who is nothing else (paula is also a release manager). */
  static final String PROCESS_OWNER = "olga";

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired FilterService filterService;
  @Autowired IdentityService identityService;
  @Autowired AuthorizationService authorizationService;
  @Autowired ProcessEngine processEngine;
  @Autowired TaskPeopleReadTheirRelease taskPeopleReadTheirRelease;
  @LocalServerPort int port;

  ApiClient api;
  ProcessInstance qasRelease;
  ProcessInstance developersRelease;
  ProcessInstance nobodysRelease;

  @BeforeEach
  void releases() {
    api = new ApiClient(rest);
    if (identityService.createUserQuery().userId(PROCESS_OWNER).count() == 0) {
      User owner = identityService.newUser(PROCESS_OWNER);
      owner.setPassword(PROCESS_OWNER);
      identityService.saveUser(owner);
      identityService.createMembership(PROCESS_OWNER, Groups.PROCESS_OWNERS);
    }
    qasRelease = waitingAt("payments@2.4.0", TASK_VERIFY_RELEASE_CANDIDATE);
    developersRelease = waitingAt("checkout@3.1.0", TASK_CONFIRM_DEVELOPMENT_READINESS);
    // in production, waiting for its retrospective: a timer job, and an incident someone raised
    nobodysRelease = waitingAt("search@1.2.0", EVENT_OBSERVATION_PERIOD_OVER);
    String waiting =
        runtimeService
            .createExecutionQuery()
            .processInstanceId(nobodysRelease.getId())
            .activityId(EVENT_OBSERVATION_PERIOD_OVER)
            .singleResult()
            .getId();
    runtimeService.createIncident(
        "failedDeployment", waiting, "production", "Deployment target answered 500");
  }

  @AfterEach
  void forgetReleases() {
    Cleanup.forgetReleases(runtimeService);
  }

  /** The ways to read runtime and history data of releases; each answers the releases it showed. */
  enum Door {
    VARIABLE_INSTANCES("/engine-rest/variable-instance?maxResults=1000"),
    HISTORIC_VARIABLE_INSTANCES("/engine-rest/history/variable-instance?maxResults=1000"),
    HISTORIC_DETAILS("/engine-rest/history/detail?maxResults=2000"),
    EXECUTIONS("/engine-rest/execution?maxResults=1000"),
    PROCESS_INSTANCES("/engine-rest/process-instance?maxResults=1000"),
    HISTORIC_PROCESS_INSTANCES("/engine-rest/history/process-instance?maxResults=1000"),
    JOBS("/engine-rest/job?maxResults=1000"),
    INCIDENTS("/engine-rest/incident?maxResults=1000"),
    ACTIVITY_INSTANCES("/engine-rest/history/activity-instance?maxResults=1000"),
    TASKLIST_VARIABLE_INSTANCES("variable-instance?maxResults=1000") {
      @Override
      Set<String> releasesShownTo(ReadPermissionsTest test, String user) {
        var answer = TasklistSession.login("http://localhost:" + test.port, user, user).get(path);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return releases(parse(answer.body()));
      }
    };

    final String path;

    Door(String path) {
      this.path = path;
    }

    Set<String> releasesShownTo(ReadPermissionsTest test, String user) {
      var answer = test.rest.withBasicAuth(user, user).getForEntity(path, String.class);
      assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
      return releases(parse(answer.getBody()));
    }

    static Set<String> releases(List<Map<String, Object>> rows) {
      return rows.stream()
          .map(row -> (String) row.getOrDefault("processInstanceId", row.get("id")))
          .collect(Collectors.toSet());
    }
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void participantsReadNothingOfReleasesTheyHaveNoTaskIn(Door door) {
    Set<String> quinnSees = door.releasesShownTo(this, "quinn");
    Set<String> devonSees = door.releasesShownTo(this, "devon");

    assertThat(quinnSees).doesNotContain(nobodysRelease.getId(), developersRelease.getId());
    assertThat(devonSees).doesNotContain(nobodysRelease.getId(), qasRelease.getId());
    assertThat(door.releasesShownTo(this, PROCESS_OWNER))
        .as("a process owner reads models, not releases")
        .doesNotContain(nobodysRelease.getId(), developersRelease.getId(), qasRelease.getId());
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void releaseManagersAndViewersReadEveryRelease(Door door) {
    // mona has no Tasklist; she reads through Cockpit and the engine REST API
    var readers =
        door == Door.TASKLIST_VARIABLE_INSTANCES ? List.of("rita") : List.of("rita", "mona");
    for (String user : readers) {
      assertThat(door.releasesShownTo(this, user)).as(user).contains(nobodysRelease.getId());
    }
  }

  @Test
  void theVariablesOfAnotherReleaseAreRefusedByName() {
    for (String user : List.of("quinn", "devon")) {
      var variables =
          api.call(
              user,
              HttpMethod.GET,
              "/engine-rest/process-instance/" + nobodysRelease.getId() + "/variables",
              null);
      var variable =
          api.call(
              user,
              HttpMethod.GET,
              "/engine-rest/process-instance/"
                  + nobodysRelease.getId()
                  + "/variables/"
                  + SERVICE.getName(),
              null);

      assertThat(variables.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(variables.getBody().get("message")).as(user).asString().contains("READ");
      assertThat(variable.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(
            api.call(
                    "mona",
                    HttpMethod.GET,
                    "/engine-rest/process-instance/" + nobodysRelease.getId() + "/variables",
                    null)
                .getBody())
        .containsKey(SERVICE.getName());
  }

  @Test
  void participantsSeeTheirTaskWithItsCardItsFormAndCompleteIt() throws Exception {
    Task verify =
        taskService.createTaskQuery().processInstanceId(qasRelease.getId()).singleResult();

    // the task list with the service, version and target date on the card (the release has no risk
    // yet)
    String filterId =
        filterService
            .createFilterQuery()
            .filterName(TasklistFilters.MY_GROUPS_TASKS)
            .singleResult()
            .getId();
    var headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setAccept(List.of(MediaType.parseMediaType("application/hal+json")));
    var list =
        rest.withBasicAuth("quinn", "quinn")
            .exchange(
                "/engine-rest/filter/" + filterId + "/list?firstResult=0&maxResults=15",
                HttpMethod.POST,
                new HttpEntity<>("{}", headers),
                String.class);
    assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
    var cards = JSON.readTree(list.getBody()).path("_embedded");
    assertThat(cards.path("task")).hasSize(1);
    assertThat(cards.path("task").get(0).path("id").asText()).isEqualTo(verify.getId());
    var cardValues =
        cards.path("task").get(0).path("_embedded").path("variable").findValuesAsText("value");
    assertThat(cardValues)
        .containsExactlyInAnyOrder("payments", "2.4.0", LocalDate.now().plusDays(7).toString());

    // its form with its values
    var form =
        api.call(
            "quinn",
            HttpMethod.GET,
            "/engine-rest/task/" + verify.getId() + "/form-variables",
            null);
    assertThat(form.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(form.getBody()).containsKeys(SERVICE.getName(), VERSION.getName());

    // and completing it
    var completed =
        api.call(
            "quinn",
            HttpMethod.POST,
            "/engine-rest/task/" + verify.getId() + "/submit-form",
            Map.of(
                "variables",
                variables(
                    Map.of(
                        QA_RESULT.getName(),
                        "pass",
                        DEFECTS_FOUND.getName(),
                        0,
                        TEST_SUMMARY.getName(),
                        "Regression suite green"))));
    assertThat(completed.getStatusCode())
        .as(String.valueOf(completed.getBody()))
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(taskService.createTaskQuery().taskId(verify.getId()).count()).isZero();
  }

  @Test
  void participantsReadTheReleaseOfTheirTaskButNotOthers() {
    var mine =
        api.call(
            "quinn",
            HttpMethod.GET,
            "/engine-rest/process-instance/" + qasRelease.getId() + "/variables",
            null);
    var notMine =
        api.call(
            "quinn",
            HttpMethod.GET,
            "/engine-rest/process-instance/" + developersRelease.getId() + "/variables",
            null);

    assertThat(mine.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(mine.getBody()).containsKey(SERVICE.getName());
    assertThat(notMine.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void groupsThatReadEverythingAreGivenNoReadGrantPerTaskOrRelease() {
    // release managers read every task and release by their grants on '*'; the release's plan is
    // theirs to make
    ProcessInstance planned = waitingAt("inventory@4.0.0", TASK_PLAN_RELEASE);
    Task plan = taskService.createTaskQuery().processInstanceId(planned.getId()).singleResult();

    // their task's grant lets them work on it and says nothing about reading; their release has
    // none
    Authorization taskGrant =
        authorizationService
            .createAuthorizationQuery()
            .groupIdIn(Groups.RELEASE_MANAGERS)
            .resourceType(Resources.TASK)
            .resourceId(plan.getId())
            .singleResult();
    assertThat(taskGrant.isPermissionGranted(TaskPermissions.TASK_WORK)).isTrue();
    assertThat(taskGrant.isPermissionGranted(TaskPermissions.READ)).isFalse();
    assertThat(
            authorizationService
                .createAuthorizationQuery()
                .groupIdIn(Groups.RELEASE_MANAGERS)
                .resourceType(Resources.PROCESS_INSTANCE)
                .resourceId(planned.getId())
                .count())
        .isZero();

    // and still rita finds the task, reads its release and claims it
    var tasks =
        rest.withBasicAuth("rita", "rita")
            .getForEntity(
                "/engine-rest/task?maxResults=10&processInstanceId=" + planned.getId(),
                String.class);
    assertThat(tasks.getBody()).contains(plan.getId());
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.GET,
                    "/engine-rest/process-instance/" + planned.getId() + "/variables",
                    null)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/engine-rest/task/" + plan.getId() + "/claim",
                    Map.of("userId", "rita"))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    // a participant's group still gets both: devon's developers read their task and its release
    Task readiness =
        taskService.createTaskQuery().processInstanceId(developersRelease.getId()).singleResult();
    assertThat(
            authorizationService
                .createAuthorizationQuery()
                .groupIdIn(Groups.DEVELOPERS)
                .resourceType(Resources.TASK)
                .resourceId(readiness.getId())
                .singleResult()
                .isPermissionGranted(TaskPermissions.READ))
        .isTrue();
    assertThat(
            authorizationService
                .createAuthorizationQuery()
                .groupIdIn(Groups.DEVELOPERS)
                .resourceType(Resources.PROCESS_INSTANCE)
                .resourceId(developersRelease.getId())
                .count())
        .isOne();
  }

  @Test
  void tasksOpenedBeforeThisRuleAreGrantedTheirReleaseAtStartUp() {
    // as an earlier version of Release Desk left them: the task's group holds nothing on its
    // release
    authorizationService
        .createAuthorizationQuery()
        .resourceType(Resources.PROCESS_INSTANCE)
        .resourceId(qasRelease.getId())
        .list()
        .forEach(authorization -> authorizationService.deleteAuthorization(authorization.getId()));
    String path = "/engine-rest/process-instance/" + qasRelease.getId() + "/variables";
    assertThat(api.call("quinn", HttpMethod.GET, path, null).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    taskPeopleReadTheirRelease.postProcessEngineBuild(processEngine);

    assertThat(api.call("quinn", HttpMethod.GET, path, null).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(api.call("devon", HttpMethod.GET, path, null).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  private static List<Map<String, Object>> parse(String json) {
    try {
      return JSON.readValue(json, new TypeReference<>() {});
    } catch (Exception e) {
      throw new AssertionError("not a JSON list: " + json, e);
    }
  }

  private ProcessInstance waitingAt(String releaseKey, String activity) {
    String[] key = releaseKey.split("@");
    return runtimeService
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .setVariables(io.releasedesk.reminders.Reminders.dueDateVariables())
        .businessKey(releaseKey)
        .startBeforeActivity(activity)
        .setVariables(
            Map.of(
                SERVICE.getName(),
                key[0],
                REPOSITORY.getName(),
                "https://git.example.com/" + key[0],
                VERSION.getName(),
                key[1],
                TARGET_DATE.getName(),
                LocalDate.now().plusDays(7).toString(),
                RELEASE_TYPE.getName(),
                "regular",
                SCOPE_SUMMARY.getName(),
                "Read permissions test",
                HAS_DATABASE_MIGRATIONS.getName(),
                false,
                CUSTOMER_FACING.getName(),
                false,
                REQUESTED_BY.getName(),
                "rita"))
        .setVariable(OBSERVATION_PERIOD.getName(), "P3D")
        .execute();
  }
}
