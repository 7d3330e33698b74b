package io.releasedesk.security;

import static io.releasedesk.approval.FourEyesApproval.APPROVE;
import static io.releasedesk.release.ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_RELEASE_REQUESTED;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_CAB_MEMBER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_HOLD_RETROSPECTIVE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLATION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.People;
import io.releasedesk.support.TasklistSession;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * A release moves only along its model, and only its request, its tasks' forms and its own steps write its
 * variables: nobody starts one past its gates, restarts or modifies one, or rewrites who requested or approved it,
 * through any door, administrators included. Each attempt is refused with 403 and changes nothing.
 * The demo people: rita and paula (release managers), carol (CAB), admin (administrator); passwords are their ids.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ReleaseMovesOnlyAlongItsModelTest {

  static final String RELEASE_KEY = "payments@2.4.0";
  static final String ALONG_ITS_MODEL = "A release moves only along its model";
  static final String OWN_VARIABLES =
      "A release's variables are written only by its request, its tasks' forms and its own steps";

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @Autowired ManagementService managementService;
  @Autowired IdentityService identityService;
  @Autowired ProcessEngineConfigurationImpl engine;
  @LocalServerPort int port;

  ApiClient api;

  @Autowired
  void api(TestRestTemplate rest) {
    api = new ApiClient(rest);
  }

  @AfterEach
  void forgetReleasesAndBatches() {
    runtimeService
        .createProcessInstanceQuery()
        .rootProcessInstances()
        .list()
        .forEach(
            release ->
                runtimeService.deleteProcessInstance(release.getId(), "test over", true, true));
    managementService
        .createBatchQuery()
        .list()
        .forEach(batch -> managementService.deleteBatch(batch.getId(), true));
  }

  // --- starting past the gates
  // ----------------------------------------------------------------------------------

  /** A way to get a release going somewhere else than at its start event, with its listeners. */
  enum Start {
    /** With made-up risk variables, straight to production. */
    BEFORE_PRODUCTION,
    /** Straight to a release manager's approval, naming someone else as the requester. */
    BEFORE_APPROVAL_AS_PAULA,
    /** At the start event, but without the listener that checks the request and its requester. */
    SKIPPING_LISTENERS,
    /** The same without start instructions, as the engine's plain start takes it. */
    SKIPPING_LISTENERS_WITHOUT_INSTRUCTIONS,
    /** As BEFORE_PRODUCTION, through the webapps' API (Tasklist's session). */
    TASKLIST_BEFORE_PRODUCTION,
    /** As BEFORE_PRODUCTION, through the engine's Java API as a logged-in person. */
    JAVA_BEFORE_PRODUCTION,
    /** A finished release started again, before production. */
    RESTART,
    RESTART_ASYNC
  }

  static Stream<Arguments> startsPastTheGates() {
    return Stream.of(Start.values())
        .flatMap(
            start -> Stream.of("rita", "paula", "admin").map(user -> Arguments.of(start, user)));
  }

  @ParameterizedTest(name = "{0} by {1}")
  @MethodSource("startsPastTheGates")
  void nobodyStartsAReleasePastItsGates(Start start, String user) {
    ProcessInstance finished = releaseRequestedBy("rita", TASK_PLAN_RELEASE);
    runtimeService.deleteProcessInstance(finished.getId(), "cancelled in the test", false, true);
    long historicReleases = historyService.createHistoricProcessInstanceQuery().count();

    Refusal refusal = tryToStart(start, user, finished);

    assertThat(refusal.status()).as("%s", refusal).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(refusal.message()).contains(ALONG_ITS_MODEL);
    assertThat(runtimeService.createProcessInstanceQuery().count())
        .as("no release, no deployment")
        .isZero();
    assertThat(taskService.createTaskQuery().count()).as("no production deployment task").isZero();
    assertThat(historyService.createHistoricProcessInstanceQuery().count())
        .isEqualTo(historicReleases);
    assertThat(managementService.createBatchQuery().count()).isZero();
  }

  Refusal tryToStart(Start start, String user, ProcessInstance finished) {
    var toProduction =
        List.of(
            Map.of(
                "type", "startBeforeActivity", "activityId", CALL_ACTIVITY_DEPLOY_TO_PRODUCTION));
    var lowRisk =
        with(
            request(),
            Map.of(
                RISK_LEVEL.getName(),
                "low",
                APPROVAL_POLICY.getName(),
                "automatic",
                APPROVED_BY.getName(),
                ""));
    String startPath = "/engine-rest/process-definition/key/" + ReleaseProcess.KEY + "/start";
    String restartPath =
        "/engine-rest/process-definition/" + finished.getProcessDefinitionId() + "/restart";
    return switch (start) {
      case BEFORE_PRODUCTION ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  startPath,
                  Map.of("variables", variables(lowRisk), "startInstructions", toProduction)));
      case BEFORE_APPROVAL_AS_PAULA ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  startPath,
                  Map.of(
                      "variables",
                          variables(
                              with(
                                  request(),
                                  Map.of(
                                      REQUESTED_BY.getName(), "paula", APPROVED_BY.getName(), ""))),
                      "startInstructions",
                          List.of(
                              Map.of(
                                  "type",
                                  "startBeforeActivity",
                                  "activityId",
                                  TASK_APPROVE_AS_RELEASE_MANAGER)))));
      case SKIPPING_LISTENERS ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  startPath,
                  Map.of(
                      "variables",
                      variables(with(request(), Map.of(REQUESTED_BY.getName(), "paula"))),
                      "startInstructions",
                      List.of(
                          Map.of(
                              "type",
                              "startBeforeActivity",
                              "activityId",
                              EVENT_RELEASE_REQUESTED)),
                      "skipCustomListeners",
                      true,
                      "skipIoMappings",
                      true)));
      case SKIPPING_LISTENERS_WITHOUT_INSTRUCTIONS ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  startPath,
                  Map.of(
                      "variables",
                      variables(with(request(), Map.of(REQUESTED_BY.getName(), "paula"))),
                      "skipCustomListeners",
                      true)));
      case TASKLIST_BEFORE_PRODUCTION -> {
        var answer =
            TasklistSession.login("http://localhost:" + port, user, user)
                .post(
                    "process-definition/key/" + ReleaseProcess.KEY + "/start",
                    "{\"variables\":{\""
                        + RISK_LEVEL.getName()
                        + "\":{\"value\":\"low\"},\""
                        + SERVICE.getName()
                        + "\":{\"value\":\"payments\"}},\"startInstructions\":[{\"type\":\"startBeforeActivity\","
                        + "\"activityId\":\""
                        + CALL_ACTIVITY_DEPLOY_TO_PRODUCTION
                        + "\"}]}");
        yield new Refusal(answer.statusCode(), answer.body());
      }
      case JAVA_BEFORE_PRODUCTION -> {
        identityService.setAuthentication(user, People.groupsOf(identityService, user));
        try {
          Throwable refused =
              catchThrowable(
                  () ->
                      runtimeService
                          .createProcessInstanceByKey(ReleaseProcess.KEY)
                          .startBeforeActivity(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
                          .setVariables(lowRisk)
                          .execute());
          assertThat(refused).isInstanceOf(AuthorizationException.class);
          yield new Refusal(HttpStatus.FORBIDDEN.value(), refused.getMessage());
        } finally {
          identityService.clearAuthentication();
        }
      }
      case RESTART ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  restartPath,
                  Map.of(
                      "processInstanceIds",
                      List.of(finished.getId()),
                      "instructions",
                      toProduction,
                      "initialVariables",
                      true)));
      case RESTART_ASYNC ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  restartPath + "-async",
                  Map.of(
                      "processInstanceIds",
                      List.of(finished.getId()),
                      "instructions",
                      toProduction,
                      "initialVariables",
                      true)));
    };
  }

  @Test
  void aReleaseStillStartsAtItsStartEvent() {
    var started =
        api.call(
            "rita",
            HttpMethod.POST,
            "/engine-rest/process-definition/key/release/start",
            Map.of("variables", variables(request()), "skipCustomListeners", false));

    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    // once the job executor has proposed the version, the release waits for its plan
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                taskService
                        .createTaskQuery()
                        .processInstanceId((String) started.getBody().get("id"))
                        .taskDefinitionKey(TASK_PLAN_RELEASE)
                        .count()
                    == 1);
  }

  // --- modifying a running release
  // ------------------------------------------------------------------------------

  /** The engine's ways to cancel activities of a running release and start others, or to move it elsewhere. */
  enum Modification {
    SYNC,
    ASYNC,
    EXECUTE,
    EXECUTE_ASYNC,
    MIGRATION,
    MIGRATION_ASYNC
  }

  @ParameterizedTest
  @EnumSource(Modification.class)
  void nobodyModifiesOrMigratesARelease(Modification modification) {
    ProcessInstance release = releaseRequestedBy("rita", TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = openTask(release, TASK_APPROVE_AS_RELEASE_MANAGER);
    long activities =
        historyService
            .createHistoricActivityInstanceQuery()
            .processInstanceId(release.getId())
            .count();
    var skipApproval =
        List.of(
            Map.of("type", "cancel", "activityId", TASK_APPROVE_AS_RELEASE_MANAGER),
            Map.of(
                "type", "startBeforeActivity", "activityId", CALL_ACTIVITY_DEPLOY_TO_PRODUCTION));
    var allOf =
        Map.of(
            "processDefinitionId",
            release.getProcessDefinitionId(),
            "processInstanceIds",
            List.of(release.getId()),
            "instructions",
            skipApproval,
            "skipCustomListeners",
            true);
    // the same model, its approval mapped to the production deployment's place in it
    var migration =
        Map.of(
            "processInstanceIds",
            List.of(release.getId()),
            "skipCustomListeners",
            true,
            "migrationPlan",
            Map.of(
                "sourceProcessDefinitionId",
                release.getProcessDefinitionId(),
                "targetProcessDefinitionId",
                release.getProcessDefinitionId(),
                "instructions",
                List.of(
                    Map.of(
                        "sourceActivityIds",
                        List.of(TASK_APPROVE_AS_RELEASE_MANAGER),
                        "targetActivityIds",
                        List.of(TASK_HOLD_RETROSPECTIVE)))));
    String path = "/engine-rest/process-instance/" + release.getId();

    var answer =
        switch (modification) {
          case SYNC ->
              api.call(
                  "admin",
                  HttpMethod.POST,
                  path + "/modification",
                  Map.of("instructions", skipApproval));
          case ASYNC ->
              api.call(
                  "admin",
                  HttpMethod.POST,
                  path + "/modification-async",
                  Map.of("instructions", skipApproval));
          case EXECUTE ->
              api.call("admin", HttpMethod.POST, "/engine-rest/modification/execute", allOf);
          case EXECUTE_ASYNC ->
              api.call("admin", HttpMethod.POST, "/engine-rest/modification/executeAsync", allOf);
          case MIGRATION ->
              api.call("admin", HttpMethod.POST, "/engine-rest/migration/execute", migration);
          case MIGRATION_ASYNC ->
              api.call("admin", HttpMethod.POST, "/engine-rest/migration/executeAsync", migration);
        };

    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(String.valueOf(answer.getBody().get("message"))).contains(ALONG_ITS_MODEL);
    assertThat(taskService.createTaskQuery().taskId(approval.getId()).count())
        .as("approval still open")
        .isOne();
    assertThat(
            runtimeService
                .createProcessInstanceQuery()
                .processDefinitionKey(DeploymentProcess.KEY)
                .count())
        .as("no production deployment")
        .isZero();
    assertThat(managementService.createBatchQuery().count()).isZero();
    assertThat(
            historyService
                .createHistoricActivityInstanceQuery()
                .processInstanceId(release.getId())
                .count())
        .isEqualTo(activities);
  }

  // --- writing a release's variables
  // ----------------------------------------------------------------------------

  /** The engine's ways to write a process instance's variables other than its request, forms and steps. */
  enum VariableDoor {
    PUT_PROCESS_INSTANCE_VARIABLE(OWN_VARIABLES),
    POST_PROCESS_INSTANCE_VARIABLES(OWN_VARIABLES),
    DELETE_PROCESS_INSTANCE_VARIABLE(OWN_VARIABLES),
    PUT_EXECUTION_LOCAL_VARIABLE(OWN_VARIABLES),
    POST_EXECUTION_LOCAL_VARIABLES(OWN_VARIABLES),
    SET_VARIABLES_ASYNC(OWN_VARIABLES),
    COCKPIT_VARIABLE_EDIT(OWN_VARIABLES),
    MESSAGE_WITH_VARIABLES(OWN_VARIABLES),
    MESSAGE_ASYNC_WITH_VARIABLES(OWN_VARIABLES),
    MESSAGE_TRIGGER_WITH_VARIABLES(OWN_VARIABLES),
    SIGNAL_WITH_VARIABLES(OWN_VARIABLES),
    EXECUTION_SIGNAL_WITH_VARIABLES(ALONG_ITS_MODEL);

    final String rule;

    VariableDoor(String rule) {
      this.rule = rule;
    }
  }

  static Stream<Arguments> variableWrites() {
    return Stream.of(VariableDoor.values())
        .flatMap(door -> Stream.of("admin", "rita").map(user -> Arguments.of(door, user)));
  }

  @ParameterizedTest(name = "{0} by {1}")
  @MethodSource("variableWrites")
  void nobodyRewritesWhoRequestedARelease(VariableDoor door, String user) {
    ProcessInstance release = releaseRequestedBy("rita", TASK_PLAN_RELEASE);
    Task plan = openTask(release, TASK_PLAN_RELEASE);
    long updates = variableUpdates(release);

    Refusal refusal = tryToWrite(door, user, release, REQUESTED_BY.getName(), "paula");

    assertThat(refusal.status()).as("%s", refusal).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(refusal.message()).contains(door.rule);
    assertThat(runtimeService.getVariable(release.getId(), REQUESTED_BY.getName()))
        .isEqualTo("rita");
    assertThat(runtimeService.getVariables(release.getId()))
        .doesNotContainKey(CANCELLATION_REASON.getName());
    assertThat(taskService.createTaskQuery().taskId(plan.getId()).count())
        .as("still planning, not cancelled")
        .isOne();
    assertThat(variableUpdates(release)).as("history unchanged").isEqualTo(updates);
    assertThat(managementService.createBatchQuery().count()).isZero();
  }

  Refusal tryToWrite(
      VariableDoor door, String user, ProcessInstance release, String name, Object value) {
    String instance = "/engine-rest/process-instance/" + release.getId();
    String execution = "/engine-rest/execution/" + release.getId();
    var written = variables(Map.of(name, value));
    // the cancel message, carrying a reason as the model expects, and the variable on the side
    var cancelling = variables(Map.of(name, value, CANCELLATION_REASON.getName(), "Superseded"));
    return switch (door) {
      case PUT_PROCESS_INSTANCE_VARIABLE ->
          Refusal.of(
              api.call(
                  user, HttpMethod.PUT, instance + "/variables/" + name, Map.of("value", value)));
      case POST_PROCESS_INSTANCE_VARIABLES ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  instance + "/variables",
                  Map.of("modifications", written)));
      case DELETE_PROCESS_INSTANCE_VARIABLE ->
          Refusal.of(api.call(user, HttpMethod.DELETE, instance + "/variables/" + name, null));
      case PUT_EXECUTION_LOCAL_VARIABLE ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.PUT,
                  execution + "/localVariables/" + name,
                  Map.of("value", value)));
      case POST_EXECUTION_LOCAL_VARIABLES ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  execution + "/localVariables",
                  Map.of("modifications", written)));
      case SET_VARIABLES_ASYNC ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  "/engine-rest/process-instance/variables-async",
                  Map.of("processInstanceIds", List.of(release.getId()), "variables", written)));
      case COCKPIT_VARIABLE_EDIT -> {
        var answer =
            TasklistSession.login("http://localhost:" + port, user, user)
                .post(
                    "process-instance/" + release.getId() + "/variables",
                    "{\"modifications\":{\""
                        + name
                        + "\":{\"value\":\""
                        + value
                        + "\",\"type\":\"String\"}}}");
        yield new Refusal(answer.statusCode(), answer.body());
      }
      case MESSAGE_WITH_VARIABLES ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  "/engine-rest/message",
                  Map.of(
                      "messageName",
                      ReleaseProcess.MESSAGE_CANCEL,
                      "processInstanceId",
                      release.getId(),
                      "processVariables",
                      cancelling)));
      case MESSAGE_ASYNC_WITH_VARIABLES ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  "/engine-rest/process-instance/message-async",
                  Map.of(
                      "messageName",
                      ReleaseProcess.MESSAGE_CANCEL,
                      "processInstanceIds",
                      List.of(release.getId()),
                      "variables",
                      cancelling)));
      case MESSAGE_TRIGGER_WITH_VARIABLES -> {
        String subscriber =
            runtimeService
                .createExecutionQuery()
                .processInstanceId(release.getId())
                .messageEventSubscriptionName(ReleaseProcess.MESSAGE_CANCEL)
                .singleResult()
                .getId();
        yield Refusal.of(
            api.call(
                user,
                HttpMethod.POST,
                "/engine-rest/execution/"
                    + subscriber
                    + "/messageSubscriptions/"
                    + ReleaseProcess.MESSAGE_CANCEL
                    + "/trigger",
                Map.of("variables", cancelling)));
      }
      case SIGNAL_WITH_VARIABLES ->
          Refusal.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  "/engine-rest/signal",
                  Map.of("name", "AnySignal", "variables", written)));
      case EXECUTION_SIGNAL_WITH_VARIABLES -> {
        String waiting =
            runtimeService
                .createExecutionQuery()
                .processInstanceId(release.getId())
                .activityId(TASK_PLAN_RELEASE)
                .singleResult()
                .getId();
        yield Refusal.of(
            api.call(
                user,
                HttpMethod.POST,
                "/engine-rest/execution/" + waiting + "/signal",
                Map.of("variables", written)));
      }
    };
  }

  @Test
  void cancellingThroughReleaseDesksApiStillWorks() {
    ProcessInstance release = releaseRequestedBy("rita", TASK_PLAN_RELEASE);

    var cancelled =
        api.call(
            "rita",
            HttpMethod.POST,
            "/api/releases/" + RELEASE_KEY + "/cancel",
            Map.of("reason", "Superseded by 2.5.0"));

    assertThat(cancelled.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    // it ends once its cancellation is announced, right after
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        runtimeService
                            .createProcessInstanceQuery()
                            .processInstanceId(release.getId())
                            .count())
                    .isZero());
    assertThat(
            historyService
                .createHistoricVariableInstanceQuery()
                .processInstanceId(release.getId())
                .variableName(CANCELLATION_REASON.getName())
                .singleResult()
                .getValue())
        .isEqualTo("Superseded by 2.5.0");
  }

  // --- four eyes, whoever rewrites the variables
  // -----------------------------------------------------------------

  @Test
  void anAdministratorCannotApproveHisOwnReleaseByRenamingItsRequester() {
    ProcessInstance release = releaseRequestedBy("admin", TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = openTask(release, TASK_APPROVE_AS_RELEASE_MANAGER);
    String task = "/engine-rest/task/" + approval.getId();

    var renamed =
        api.call(
            "admin",
            HttpMethod.POST,
            "/engine-rest/process-instance/" + release.getId() + "/variables",
            Map.of("modifications", variables(Map.of(REQUESTED_BY.getName(), "rita"))));
    assertThat(renamed.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(runtimeService.getVariable(release.getId(), REQUESTED_BY.getName()))
        .isEqualTo("admin");

    // even if some other door let the variable through: the engine recorded who started the release
    runtimeService.setVariable(release.getId(), REQUESTED_BY.getName(), "rita");
    var claimed = api.call("admin", HttpMethod.POST, task + "/claim", Map.of("userId", "admin"));
    var approved =
        api.call(
            "admin",
            HttpMethod.POST,
            task + "/submit-form",
            Map.of(
                "variables",
                variables(Map.of(DECISION.getName(), APPROVE, COMMENT.getName(), "mine"))));

    for (var answer : List.of(claimed, approved)) {
      assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(String.valueOf(answer.getBody().get("message")))
          .contains("Four-eyes rule: admin requested " + RELEASE_KEY + " and cannot approve it");
    }
    Task now = taskService.createTaskQuery().taskId(approval.getId()).singleResult();
    assertThat(now).as("the approval is still open").isNotNull();
    assertThat(now.getAssignee()).isNull();
    assertThat(runtimeService.getVariable(release.getId(), APPROVAL_DECISION.getName())).isNull();
  }

  @Test
  void anAdministratorCannotResetTheApprovalsGivenSoFar() {
    ProcessInstance release =
        releaseRequestedBy("rita", TASK_APPROVE_AS_CAB_MEMBER + "#multiInstanceBody");
    String first = "/engine-rest/task/" + openTask(release, TASK_APPROVE_AS_CAB_MEMBER).getId();
    api.call("carol", HttpMethod.POST, first + "/claim", Map.of("userId", "carol"));
    assertThat(
            api.call(
                    "carol",
                    HttpMethod.POST,
                    first + "/submit-form",
                    Map.of(
                        "variables",
                        variables(Map.of(DECISION.getName(), APPROVE, COMMENT.getName(), "ok"))))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    Task second = openTask(release, TASK_APPROVE_AS_CAB_MEMBER);

    var reset =
        api.call(
            "admin",
            HttpMethod.PUT,
            "/engine-rest/process-instance/"
                + release.getId()
                + "/variables/"
                + APPROVED_BY.getName(),
            Map.of("value", "", "type", "String"));
    var secondByCarol =
        api.call(
            "carol",
            HttpMethod.POST,
            "/engine-rest/task/" + second.getId() + "/claim",
            Map.of("userId", "carol"));

    assertThat(reset.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(String.valueOf(reset.getBody().get("message"))).contains(OWN_VARIABLES);
    assertThat(runtimeService.getVariable(release.getId(), APPROVED_BY.getName()))
        .isEqualTo("carol");
    assertThat(secondByCarol.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(taskService.createTaskQuery().taskId(second.getId()).singleResult().getAssignee())
        .isNull();
  }

  // --- helpers
  // ---------------------------------------------------------------------------------------------------

  record Refusal(int status, String message) {
    static Refusal of(ResponseEntity<Map<String, Object>> answer) {
      return new Refusal(
          answer.getStatusCode().value(),
          answer.getBody() == null ? "" : String.valueOf(answer.getBody().get("message")));
    }
  }

  /**
   * A release requested by {@code requester} and waiting at the given step, started the way trusted application code
   * would: as that person, but with the engine's checks off, so that the engine records them as its starter.
   */
  private ProcessInstance releaseRequestedBy(String requester, String activity) {
    identityService.setAuthentication(requester, People.groupsOf(identityService, requester));
    try {
      return engine
          .getCommandExecutorTxRequired()
          .execute(
              context ->
                  context.runWithoutAuthorization(
                      () ->
                          runtimeService
                              .createProcessInstanceByKey(ReleaseProcess.KEY)
                              .businessKey(RELEASE_KEY)
                              .startBeforeActivity(activity)
                              .setVariables(request())
                              .setVariable(APPROVED_BY.getName(), "")
                              .execute()));
    } finally {
      identityService.clearAuthentication();
    }
  }

  private Task openTask(ProcessInstance release, String taskKey) {
    return taskService
        .createTaskQuery()
        .processInstanceId(release.getId())
        .taskDefinitionKey(taskKey)
        .taskUnassigned()
        .list()
        .get(0);
  }

  private long variableUpdates(ProcessInstance release) {
    return historyService
        .createHistoricDetailQuery()
        .processInstanceId(release.getId())
        .variableUpdates()
        .count();
  }

  private static Map<String, Object> request() {
    return ApiClient.releaseRequest("payments", "2.4.0", "Model-only test");
  }

  private static Map<String, Object> with(Map<String, Object> values, Map<String, Object> more) {
    var changed = new HashMap<>(values);
    changed.putAll(more);
    return changed;
  }
}
