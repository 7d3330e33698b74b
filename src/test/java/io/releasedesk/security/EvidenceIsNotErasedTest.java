package io.releasedesk.security;

import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_OBSERVATION_PERIOD_OVER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_HOLD_RETROSPECTIVE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.OBSERVATION_PERIOD;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.People;
import io.releasedesk.support.TasklistSession;
import java.net.http.HttpResponse;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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
 * A release and its evidence stay: nobody deletes a running release (it is cancelled, with a reason), its history,
 * the model it ran on, or fires its observation timer early, through any door, administrators included. Each attempt
 * is refused with 403 naming the rule, and nothing changes. A model that never ran may still be deleted, and
 * operators still retry failed jobs. The demo people: rita (release manager), paula (process owner), admin
 * (administrator); passwords are their ids.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class EvidenceIsNotErasedTest {

  static final String RELEASE_KEY = "payments@2.4.0";
  static final String RISK_ASSESSMENT = ReleaseProcess.RISK_DECISION_KEY;
  static final String ENDS_THROUGH_ITS_MODEL = "A release ends only through its model";
  static final String CANCEL_API = "POST /api/releases/{key}/cancel";
  static final String HISTORY_IS_EVIDENCE = "A release's history is evidence nobody erases";
  static final String MODEL_STAYS = "A model that ran releases stays with their history";
  static final String FIRES_WHEN_DUE = "a timer fires when it is due";

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @Autowired ManagementService managementService;
  @Autowired RepositoryService repositoryService;
  @Autowired DecisionService decisionService;
  @Autowired IdentityService identityService;
  @Autowired ProcessEngineConfigurationImpl engine;
  @LocalServerPort int port;

  ApiClient api;
  final List<String> trialDeployments = new ArrayList<>();

  @Autowired
  void api(TestRestTemplate rest) {
    api = new ApiClient(rest);
  }

  @AfterEach
  void forgetReleasesBatchesAndTrialModels() {
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
    trialDeployments.forEach(deployment -> repositoryService.deleteDeployment(deployment, true));
  }

  // --- a running release ends only through its model
  // ------------------------------------------------------------

  /** The engine's ways to delete a running process instance. */
  enum InstanceDeletion {
    REST,
    REST_ASYNC,
    REST_ASYNC_BY_QUERY,
    COCKPIT,
    JAVA
  }

  /** What is deleted: a release, or the deployment it called. */
  enum Running {
    RELEASE,
    DEPLOYMENT
  }

  static Stream<Arguments> instanceDeletions() {
    return Stream.of(InstanceDeletion.values())
        .flatMap(
            door ->
                Stream.of(Running.values())
                    .flatMap(
                        running ->
                            Stream.of("admin", "rita")
                                .map(user -> Arguments.of(door, running, user))));
  }

  @ParameterizedTest(name = "{0} of a {1} by {2}")
  @MethodSource("instanceDeletions")
  void nobodyDeletesARunningRelease(InstanceDeletion door, Running running, String user) {
    ProcessInstance instance =
        running == Running.RELEASE
            ? releaseRequestedBy("rita", TASK_PLAN_RELEASE)
            : runtimeService
                .createProcessInstanceByKey(DeploymentProcess.KEY)
                .businessKey(RELEASE_KEY)
                .startBeforeActivity(DeploymentProcess.Elements.TASK_DEPLOY_MANUALLY)
                .setVariable(DeploymentProcess.Variables.SERVICE.getName(), "payments")
                .setVariable(DeploymentProcess.Variables.VERSION.getName(), "2.4.0")
                .setVariable(DeploymentProcess.Variables.ENVIRONMENT.getName(), "production")
                .setVariable(DeploymentProcess.Variables.RELEASE_KEY.getName(), RELEASE_KEY)
                .execute();
    long activities =
        historyService
            .createHistoricActivityInstanceQuery()
            .processInstanceId(instance.getId())
            .count();
    String path = "process-instance/" + instance.getId();

    Refusal refusal =
        switch (door) {
          case REST -> Refusal.of(api.call(user, HttpMethod.DELETE, "/engine-rest/" + path, null));
          case REST_ASYNC ->
              Refusal.of(
                  api.call(
                      user,
                      HttpMethod.POST,
                      "/engine-rest/process-instance/delete",
                      Map.of(
                          "processInstanceIds",
                          List.of(instance.getId()),
                          "deleteReason",
                          "gone")));
          case REST_ASYNC_BY_QUERY ->
              Refusal.of(
                  api.call(
                      user,
                      HttpMethod.POST,
                      "/engine-rest/process-instance/delete",
                      Map.of(
                          "processInstanceQuery",
                          Map.of("businessKey", RELEASE_KEY),
                          "deleteReason",
                          "gone")));
          case COCKPIT ->
              Refusal.of(
                  TasklistSession.login(base(), user, user)
                      .send(
                          "DELETE", path + "?skipCustomListeners=true&skipIoMappings=true", null));
          case JAVA ->
              as(
                  user,
                  () ->
                      Refusal.of(
                          catchThrowable(
                              () ->
                                  runtimeService.deleteProcessInstance(
                                      instance.getId(), "gone", true, true))));
        };

    assertThat(refusal.status()).as("%s", refusal).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(refusal.message()).contains(ENDS_THROUGH_ITS_MODEL, CANCEL_API);
    assertThat(
            runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId()).count())
        .as("still running")
        .isOne();
    assertThat(
            historyService
                .createHistoricProcessInstanceQuery()
                .processInstanceId(instance.getId())
                .unfinished()
                .count())
        .isOne();
    assertThat(
            historyService
                .createHistoricActivityInstanceQuery()
                .processInstanceId(instance.getId())
                .count())
        .isEqualTo(activities);
    assertThat(managementService.createBatchQuery().count()).isZero();
  }

  // --- history is evidence
  // ---------------------------------------------------------------------------------------

  /** The engine's ways to delete history, or to have the history cleanup delete it early. */
  enum HistoryDoor {
    DELETE_HISTORIC_PROCESS_INSTANCE,
    DELETE_HISTORIC_PROCESS_INSTANCES_ASYNC,
    DELETE_VARIABLES_OF_INSTANCE,
    DELETE_HISTORIC_VARIABLE,
    DELETE_HISTORIC_DECISIONS_ASYNC,
    SET_REMOVAL_TIME,
    SET_DECISION_REMOVAL_TIME,
    PROCESS_HISTORY_TIME_TO_LIVE,
    DECISION_HISTORY_TIME_TO_LIVE,
    COCKPIT_DELETE_HISTORIC_VARIABLE,
    COCKPIT_HISTORY_TIME_TO_LIVE,
    JAVA_DELETE_HISTORIC_PROCESS_INSTANCE,
    JAVA_DELETE_HISTORIC_TASK,
    JAVA_DELETE_DECISIONS_OF_DEFINITION,
    JAVA_DELETE_USER_OPERATION
  }

  @ParameterizedTest
  @EnumSource(HistoryDoor.class)
  void nobodyErasesTheHistoryOfARelease(HistoryDoor door) {
    ProcessInstance release = finishedRelease();
    String decision = riskDecision();
    String variable =
        historyService
            .createHistoricVariableInstanceQuery()
            .processInstanceId(release.getId())
            .variableName(SERVICE.getName())
            .singleResult()
            .getId();
    Evidence before = evidence(release);
    String definition = release.getProcessDefinitionId();
    String decisionDefinition = latestRiskAssessment().getId();
    String now = restDate(new Date());
    var toNow =
        Map.of("absoluteRemovalTime", now, "historicProcessInstanceIds", List.of(release.getId()));

    Refusal refusal =
        switch (door) {
          case DELETE_HISTORIC_PROCESS_INSTANCE ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.DELETE,
                      "/engine-rest/history/process-instance/" + release.getId(),
                      null));
          case DELETE_HISTORIC_PROCESS_INSTANCES_ASYNC ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.POST,
                      "/engine-rest/history/process-instance/delete",
                      Map.of(
                          "historicProcessInstanceIds",
                          List.of(release.getId()),
                          "deleteReason",
                          "gone")));
          case DELETE_VARIABLES_OF_INSTANCE ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.DELETE,
                      "/engine-rest/history/process-instance/"
                          + release.getId()
                          + "/variable-instances",
                      null));
          case DELETE_HISTORIC_VARIABLE ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.DELETE,
                      "/engine-rest/history/variable-instance/" + variable,
                      null));
          case DELETE_HISTORIC_DECISIONS_ASYNC ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.POST,
                      "/engine-rest/history/decision-instance/delete",
                      Map.of(
                          "historicDecisionInstanceIds",
                          List.of(decision),
                          "deleteReason",
                          "gone")));
          case SET_REMOVAL_TIME ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.POST,
                      "/engine-rest/history/process-instance/set-removal-time",
                      toNow));
          case SET_DECISION_REMOVAL_TIME ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.POST,
                      "/engine-rest/history/decision-instance/set-removal-time",
                      Map.of(
                          "absoluteRemovalTime",
                          now,
                          "historicDecisionInstanceIds",
                          List.of(decision))));
          case PROCESS_HISTORY_TIME_TO_LIVE ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.PUT,
                      "/engine-rest/process-definition/" + definition + "/history-time-to-live",
                      Map.of("historyTimeToLive", 0)));
          case DECISION_HISTORY_TIME_TO_LIVE ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.PUT,
                      "/engine-rest/decision-definition/"
                          + decisionDefinition
                          + "/history-time-to-live",
                      Map.of("historyTimeToLive", 0)));
          case COCKPIT_DELETE_HISTORIC_VARIABLE ->
              Refusal.of(
                  TasklistSession.login(base(), "admin", "admin")
                      .send("DELETE", "history/variable-instance/" + variable, null));
          case COCKPIT_HISTORY_TIME_TO_LIVE ->
              Refusal.of(
                  TasklistSession.login(base(), "admin", "admin")
                      .send(
                          "PUT",
                          "process-definition/" + definition + "/history-time-to-live",
                          "{\"historyTimeToLive\":0}"));
          case JAVA_DELETE_HISTORIC_PROCESS_INSTANCE ->
              as(
                  "admin",
                  () ->
                      Refusal.of(
                          catchThrowable(
                              () ->
                                  historyService.deleteHistoricProcessInstance(release.getId()))));
          case JAVA_DELETE_HISTORIC_TASK -> {
            String task =
                historyService
                    .createHistoricTaskInstanceQuery()
                    .processInstanceId(release.getId())
                    .list()
                    .get(0)
                    .getId();
            yield as(
                "admin",
                () ->
                    Refusal.of(
                        catchThrowable(() -> historyService.deleteHistoricTaskInstance(task))));
          }
          case JAVA_DELETE_DECISIONS_OF_DEFINITION ->
              as(
                  "admin",
                  () ->
                      Refusal.of(
                          catchThrowable(
                              () ->
                                  historyService.deleteHistoricDecisionInstanceByDefinitionId(
                                      decisionDefinition))));
          case JAVA_DELETE_USER_OPERATION -> {
            String entry =
                historyService
                    .createUserOperationLogQuery()
                    .processInstanceId(release.getId())
                    .list()
                    .get(0)
                    .getId();
            yield as(
                "admin",
                () ->
                    Refusal.of(
                        catchThrowable(() -> historyService.deleteUserOperationLogEntry(entry))));
          }
        };

    assertThat(refusal.status()).as("%s", refusal).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(refusal.message()).contains(HISTORY_IS_EVIDENCE);
    assertThat(evidence(release)).as("history unchanged").isEqualTo(before);
    assertThat(managementService.createBatchQuery().count()).isZero();
  }

  /** What a release left behind, and how long it is kept. */
  record Evidence(
      long instances,
      long activities,
      long variables,
      long tasks,
      long decisions,
      long operations,
      Date removalTime,
      Integer releaseTimeToLive,
      Integer decisionTimeToLive) {}

  Evidence evidence(ProcessInstance release) {
    String id = release.getId();
    return new Evidence(
        historyService.createHistoricProcessInstanceQuery().processInstanceId(id).count(),
        historyService.createHistoricActivityInstanceQuery().processInstanceId(id).count(),
        historyService.createHistoricVariableInstanceQuery().processInstanceId(id).count(),
        historyService.createHistoricTaskInstanceQuery().processInstanceId(id).count(),
        historyService
            .createHistoricDecisionInstanceQuery()
            .decisionDefinitionKey(RISK_ASSESSMENT)
            .count(),
        historyService.createUserOperationLogQuery().processInstanceId(id).count(),
        historyService
            .createHistoricProcessInstanceQuery()
            .processInstanceId(id)
            .singleResult()
            .getRemovalTime(),
        repositoryService
            .getProcessDefinition(release.getProcessDefinitionId())
            .getHistoryTimeToLive(),
        latestRiskAssessment().getHistoryTimeToLive());
  }

  // --- the model a release ran on stays
  // -------------------------------------------------------------------------

  /** The engine's ways to delete a model together with the releases that ran on it. */
  enum ModelDeletion {
    DEPLOYMENT_CASCADE,
    DEPLOYMENT,
    PROCESS_DEFINITION_CASCADE,
    PROCESS_DEFINITIONS_BY_KEY,
    DECISION_DEPLOYMENT,
    COCKPIT_DEPLOYMENT_CASCADE,
    JAVA_DEPLOYMENT_CASCADE
  }

  static Stream<Arguments> modelDeletions() {
    return Stream.of(ModelDeletion.values())
        .flatMap(door -> Stream.of("admin", "paula").map(user -> Arguments.of(door, user)));
  }

  @ParameterizedTest(name = "{0} by {1}")
  @MethodSource("modelDeletions")
  void nobodyDeletesTheModelAReleaseRanOn(ModelDeletion door, String user) {
    ProcessInstance release = finishedRelease();
    riskDecision();
    ProcessDefinition model =
        repositoryService.getProcessDefinition(release.getProcessDefinitionId());
    DecisionDefinition rules = latestRiskAssessment();
    Evidence before = evidence(release);

    Refusal refusal =
        switch (door) {
          case DEPLOYMENT_CASCADE ->
              Refusal.of(
                  api.call(
                      user,
                      HttpMethod.DELETE,
                      "/engine-rest/deployment/" + model.getDeploymentId() + "?cascade=true",
                      null));
          case DEPLOYMENT ->
              Refusal.of(
                  api.call(
                      user,
                      HttpMethod.DELETE,
                      "/engine-rest/deployment/" + model.getDeploymentId(),
                      null));
          case PROCESS_DEFINITION_CASCADE ->
              Refusal.of(
                  api.call(
                      user,
                      HttpMethod.DELETE,
                      "/engine-rest/process-definition/" + model.getId() + "?cascade=true",
                      null));
          case PROCESS_DEFINITIONS_BY_KEY ->
              Refusal.of(
                  api.call(
                      user,
                      HttpMethod.DELETE,
                      "/engine-rest/process-definition/key/"
                          + ReleaseProcess.KEY
                          + "/delete?cascade=true",
                      null));
          case DECISION_DEPLOYMENT ->
              Refusal.of(
                  api.call(
                      user,
                      HttpMethod.DELETE,
                      "/engine-rest/deployment/" + rules.getDeploymentId() + "?cascade=true",
                      null));
          case COCKPIT_DEPLOYMENT_CASCADE ->
              Refusal.of(
                  TasklistSession.login(base(), user, user)
                      .send(
                          "DELETE",
                          "deployment/" + model.getDeploymentId() + "?cascade=true",
                          null));
          case JAVA_DEPLOYMENT_CASCADE ->
              as(
                  user,
                  () ->
                      Refusal.of(
                          catchThrowable(
                              () ->
                                  repositoryService.deleteDeployment(
                                      model.getDeploymentId(), true))));
        };

    assertThat(refusal.status()).as("%s", refusal).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(refusal.message()).contains(MODEL_STAYS);
    assertThat(
            repositoryService.createDeploymentQuery().deploymentId(model.getDeploymentId()).count())
        .isOne();
    assertThat(
            repositoryService
                .createProcessDefinitionQuery()
                .processDefinitionId(model.getId())
                .count())
        .isOne();
    assertThat(
            repositoryService
                .createDecisionDefinitionQuery()
                .decisionDefinitionId(rules.getId())
                .count())
        .isOne();
    assertThat(evidence(release)).as("history unchanged").isEqualTo(before);
  }

  @Test
  void aModelWithARunningReleaseStays() {
    ProcessInstance release = releaseRequestedBy("rita", TASK_PLAN_RELEASE);
    String deployment =
        repositoryService.getProcessDefinition(release.getProcessDefinitionId()).getDeploymentId();

    var refused =
        api.call(
            "admin",
            HttpMethod.DELETE,
            "/engine-rest/deployment/" + deployment + "?cascade=true",
            null);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(String.valueOf(refused.getBody().get("message"))).contains(MODEL_STAYS);
    assertThat(
            runtimeService.createProcessInstanceQuery().processInstanceId(release.getId()).count())
        .isOne();
  }

  @Test
  void aModelThatNeverRanMayBeDeleted() {
    String trial = deploy("trial-release", "<startEvent id=\"start\"/>");

    var deleted =
        api.call(
            "admin", HttpMethod.DELETE, "/engine-rest/deployment/" + trial + "?cascade=true", null);

    assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(repositoryService.createDeploymentQuery().deploymentId(trial).count()).isZero();
    trialDeployments.remove(trial);
  }

  // --- timers fire when they are due
  // -----------------------------------------------------------------------------

  /** The engine's ways to fire the observation period's timer early, or to remove it. */
  enum TimerDoor {
    EXECUTE,
    DUE_DATE,
    RETRIES_WITH_DUE_DATE,
    RETRIES_ASYNC_WITH_DUE_DATE,
    DELETE,
    COCKPIT_DUE_DATE,
    JAVA_EXECUTE,
    /** The timer's retries set to zero first (allowed), then all retries of its job definition with a due date. */
    DEFINITION_RETRIES_WITH_DUE_DATE
  }

  @ParameterizedTest
  @EnumSource(TimerDoor.class)
  void nobodyEndsTheObservationPeriodEarly(TimerDoor door) {
    ProcessInstance release = releaseRequestedBy("rita", EVENT_OBSERVATION_PERIOD_OVER);
    Job timer =
        managementService
            .createJobQuery()
            .processInstanceId(release.getId())
            .timers()
            .activityId(EVENT_OBSERVATION_PERIOD_OVER)
            .singleResult();
    if (door == TimerDoor.DEFINITION_RETRIES_WITH_DUE_DATE) {
      assertThat(
              api.call(
                      "admin",
                      HttpMethod.PUT,
                      "/engine-rest/job/" + timer.getId() + "/retries",
                      Map.of("retries", 0))
                  .getStatusCode())
          .isEqualTo(HttpStatus.NO_CONTENT);
    }
    Job before = managementService.createJobQuery().jobId(timer.getId()).singleResult();
    String path = "job/" + timer.getId();
    String now = restDate(new Date());

    Refusal refusal =
        switch (door) {
          case EXECUTE ->
              Refusal.of(
                  api.call("admin", HttpMethod.POST, "/engine-rest/" + path + "/execute", null));
          case DUE_DATE ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.PUT,
                      "/engine-rest/" + path + "/duedate",
                      Map.of("duedate", now)));
          case RETRIES_WITH_DUE_DATE ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.PUT,
                      "/engine-rest/" + path + "/retries",
                      Map.of("retries", 3, "dueDate", now)));
          case RETRIES_ASYNC_WITH_DUE_DATE ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.POST,
                      "/engine-rest/job/retries",
                      Map.of("jobIds", List.of(timer.getId()), "retries", 3, "dueDate", now)));
          case DELETE ->
              Refusal.of(api.call("admin", HttpMethod.DELETE, "/engine-rest/" + path, null));
          case COCKPIT_DUE_DATE ->
              Refusal.of(
                  TasklistSession.login(base(), "admin", "admin")
                      .send("PUT", path + "/duedate", "{\"duedate\":\"" + now + "\"}"));
          case JAVA_EXECUTE ->
              as(
                  "admin",
                  () ->
                      Refusal.of(
                          catchThrowable(() -> managementService.executeJob(timer.getId()))));
          case DEFINITION_RETRIES_WITH_DUE_DATE ->
              Refusal.of(
                  api.call(
                      "admin",
                      HttpMethod.PUT,
                      "/engine-rest/job-definition/" + timer.getJobDefinitionId() + "/retries",
                      Map.of("retries", 1, "dueDate", now)));
        };

    assertThat(refusal.status()).as("%s", refusal).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(refusal.message())
        .contains(door == TimerDoor.DELETE ? ENDS_THROUGH_ITS_MODEL : FIRES_WHEN_DUE);
    Job after = managementService.createJobQuery().jobId(timer.getId()).singleResult();
    assertThat(after).as("the timer is still there").isNotNull();
    assertThat(after.getDuedate()).isEqualTo(before.getDuedate());
    assertThat(after.getRetries()).isEqualTo(before.getRetries());
    assertThat(after.getExceptionMessage()).as("a refusal is no failure of the job").isNull();
    assertThat(
            taskService
                .createTaskQuery()
                .processInstanceId(release.getId())
                .taskDefinitionKey(TASK_HOLD_RETROSPECTIVE)
                .count())
        .as("no retrospective yet")
        .isZero();
    assertThat(managementService.createBatchQuery().count()).isZero();
  }

  @Test
  void operatorsStillRetryAFailedTimer() {
    deploy(
        "failing-after-timer",
        """
        <startEvent id="start"/>
        <sequenceFlow id="toTimer" sourceRef="start" targetRef="timer"/>
        <intermediateCatchEvent id="timer"><timerEventDefinition><timeDuration>PT1H</timeDuration>
        </timerEventDefinition></intermediateCatchEvent>
        <sequenceFlow id="toFailing" sourceRef="timer" targetRef="failing"/>
        <exclusiveGateway id="failing"/>
        <sequenceFlow id="toEnd" sourceRef="failing" targetRef="end">
          <conditionExpression>${neverSet == 'x'}</conditionExpression></sequenceFlow>
        <sequenceFlow id="toOtherEnd" sourceRef="failing" targetRef="end">
          <conditionExpression>${neverSet != 'x'}</conditionExpression></sequenceFlow>
        <endEvent id="end"/>""");
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("failing-after-timer");
    Job timer =
        managementService.createJobQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(catchThrowable(() -> managementService.executeJob(timer.getId()))).isNotNull();
    Job failed = managementService.createJobQuery().jobId(timer.getId()).singleResult();
    assertThat(failed.getExceptionMessage()).isNotNull();
    String later = restDate(new Date(System.currentTimeMillis() + 3_600_000));

    var dueLater =
        api.call(
            "admin",
            HttpMethod.PUT,
            "/engine-rest/job/" + timer.getId() + "/duedate",
            Map.of("duedate", later));
    var retried =
        api.call(
            "admin",
            HttpMethod.PUT,
            "/engine-rest/job/" + timer.getId() + "/retries",
            Map.of("retries", 1, "dueDate", later));

    assertThat(dueLater.getStatusCode())
        .as("%s", dueLater.getBody())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(retried.getStatusCode())
        .as("%s", retried.getBody())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(managementService.createJobQuery().jobId(timer.getId()).singleResult().getRetries())
        .isOne();
  }

  // --- helpers
  // ---------------------------------------------------------------------------------------------------

  record Refusal(int status, String message) {
    static Refusal of(ResponseEntity<Map<String, Object>> answer) {
      return new Refusal(
          answer.getStatusCode().value(),
          answer.getBody() == null ? "" : String.valueOf(answer.getBody().get("message")));
    }

    static Refusal of(HttpResponse<String> answer) {
      return new Refusal(answer.statusCode(), answer.body());
    }

    static Refusal of(Throwable refused) {
      assertThat(refused).isInstanceOf(AuthorizationException.class);
      return new Refusal(HttpStatus.FORBIDDEN.value(), refused.getMessage());
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
                              .setVariables(io.releasedesk.reminders.Reminders.dueDateVariables())
                              .businessKey(RELEASE_KEY)
                              .startBeforeActivity(activity)
                              .setVariables(request())
                              .setVariable(APPROVED_BY.getName(), "")
                              .setVariable(OBSERVATION_PERIOD.getName(), "P3D")
                              .execute()));
    } finally {
      identityService.clearAuthentication();
    }
  }

  /** A release that was planned and then ended (by trusted code), leaving its history. */
  private ProcessInstance finishedRelease() {
    ProcessInstance release = releaseRequestedBy("rita", TASK_PLAN_RELEASE);
    runtimeService.deleteProcessInstance(release.getId(), "cancelled in the test", false, true);
    return release;
  }

  /** The risk rules evaluated once, as a release does, leaving a historic decision instance. */
  private String riskDecision() {
    decisionService.evaluateDecisionTableByKey(
        RISK_ASSESSMENT,
        Map.of(
            RELEASE_TYPE.getName(),
            "regular",
            CHANGE_SIZE.getName(),
            "small",
            HAS_DATABASE_MIGRATIONS.getName(),
            false,
            CUSTOMER_FACING.getName(),
            false));
    return historyService
        .createHistoricDecisionInstanceQuery()
        .decisionDefinitionKey(RISK_ASSESSMENT)
        .orderByEvaluationTime()
        .desc()
        .listPage(0, 1)
        .get(0)
        .getId();
  }

  private DecisionDefinition latestRiskAssessment() {
    return repositoryService
        .createDecisionDefinitionQuery()
        .decisionDefinitionKey(RISK_ASSESSMENT)
        .latestVersion()
        .singleResult();
  }

  /** Deploys a small model as trusted code; it is deleted after the test. */
  private String deploy(String key, String elements) {
    String xml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t"
                     xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
          <process id="%s" isExecutable="true" camunda:historyTimeToLive="P1D">%s</process>
        </definitions>"""
            .formatted(key, elements);
    String id = repositoryService.createDeployment().addString(key + ".bpmn", xml).deploy().getId();
    trialDeployments.add(id);
    return id;
  }

  private <T> T as(String user, Supplier<T> action) {
    identityService.setAuthentication(user, People.groupsOf(identityService, user));
    try {
      return action.get();
    } finally {
      identityService.clearAuthentication();
    }
  }

  private String base() {
    return "http://localhost:" + port;
  }

  private static String restDate(Date date) {
    return new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(date);
  }

  private static Map<String, Object> request() {
    return Map.of(
        SERVICE.getName(),
        "payments",
        VERSION.getName(),
        "2.4.0",
        TARGET_DATE.getName(),
        LocalDate.now().plusDays(7).toString(),
        RELEASE_TYPE.getName(),
        "regular",
        SCOPE_SUMMARY.getName(),
        "Evidence test",
        HAS_DATABASE_MIGRATIONS.getName(),
        false,
        CUSTOMER_FACING.getName(),
        false);
  }
}
