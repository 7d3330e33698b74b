package io.releasedesk.metrics;

import static io.releasedesk.deployment.DeploymentProcess.Variables.FAILURE_REVIEW_NOTES;
import static io.releasedesk.deployment.DeploymentProcess.Variables.MANUAL_DEPLOYMENT_RESULT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.ROLLBACK_CONFIRMED;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPLOYMENT_FAILURE;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_REPORTED_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_CLASSIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPAIRS_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_BADLY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_WELL;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.support.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * A known history of five releases, run through the engine over HTTP as their people would, with the engine's clock
 * moved to each step's moment (the application needs staging by webhook and production by hand, both healthy):
 *
 * <ul>
 *   <li>week 1: payments 7.1.0, successful, in production on day 1 (its plan claimed after 1 h, done after 3 h);
 *   <li>week 2: checkout 7.1.0, successful, in production on day 8 (plan claimed after 1 h, done after 2 h);
 *       payments 7.2.0 in production on day 9 (plan claimed after 3 h, done after 4 h), an incident reported 2 h
 *       later, classified failed; the hotfix payments 7.2.1 repairs it, in production 4 h after that report (plan
 *       claimed at once, done after 1 h; approved by paula 1 h after QA); checkout 7.2.0 (planned at once) fails
 *       its production deployment on day 11 and is rolled back, reviewed an hour later.
 * </ul>
 *
 * The observation after production (another part of the lifecycle) classifies releases; this history sets what it
 * records — releaseClassification, incidentReportedAt, repairsRelease — as runtime variables of each release before
 * it ends.
 */
public class KnownHistory {

  private final ApiClient api;
  private final RuntimeService runtimeService;
  private final HistoryService historyService;
  private final ManagementService managementService;
  private final TaskService taskService;

  public KnownHistory(TestRestTemplate rest, ProcessEngine engine) {
    this.api = new ApiClient(rest);
    this.runtimeService = engine.getRuntimeService();
    this.historyService = engine.getHistoryService();
    this.managementService = engine.getManagementService();
    this.taskService = engine.getTaskService();
  }

  /** Runs the five releases from {@code d} (a Monday) on; the engine's clock stays at day 12. */
  public void build(Instant d) {
    regular("payments@7.1.0", d, hours(1), hours(3));
    production("payments@7.1.0", d.plus(days(1)), true);
    retrospective(
        "payments@7.1.0",
        d.plus(days(1)).plus(hours(1)),
        Map.of(RELEASE_CLASSIFICATION.getName(), "successful"));

    Instant week2 = d.plus(days(7));
    regular("checkout@7.1.0", week2, hours(1), hours(2));
    production("checkout@7.1.0", week2.plus(days(1)), true);
    retrospective(
        "checkout@7.1.0",
        week2.plus(days(1)).plus(hours(1)),
        Map.of(RELEASE_CLASSIFICATION.getName(), "successful"));

    Instant broken = d.plus(days(8)).plus(hours(2));
    regular("payments@7.2.0", broken, hours(3), hours(4));
    Instant inProduction = d.plus(days(9));
    production("payments@7.2.0", inProduction, true);

    Instant hotfix = inProduction.plus(hours(3));
    request("payments@7.2.1", "hotfix", hotfix);
    work(
        "payments@7.2.1",
        "rita",
        Elements.TASK_PLAN_RELEASE,
        Map.of(CHANGE_SIZE.getName(), "small"),
        hotfix,
        hotfix.plus(hours(1)));
    work(
        "payments@7.2.1",
        "quinn",
        Elements.TASK_VERIFY_RELEASE_CANDIDATE,
        qaPassed(),
        hotfix.plus(hours(1)),
        hotfix.plus(hours(1)));
    work(
        "payments@7.2.1",
        "paula",
        Elements.TASK_APPROVE_AS_RELEASE_MANAGER,
        Map.of(DECISION.getName(), "approve", COMMENT.getName(), "Go"),
        hotfix.plus(hours(2)),
        hotfix.plus(hours(2)));
    production("payments@7.2.1", inProduction.plus(hours(6)), true);
    retrospective(
        "payments@7.2.0",
        inProduction.plus(hours(7)),
        Map.of(
            RELEASE_CLASSIFICATION.getName(),
            "failed",
            INCIDENT_REPORTED_AT.getName(),
            inProduction.plus(hours(2)).toString()));
    retrospective(
        "payments@7.2.1",
        inProduction.plus(hours(7)),
        Map.of(
            RELEASE_CLASSIFICATION.getName(),
            "successful",
            REPAIRS_RELEASE.getName(),
            "payments@7.2.0"));

    Instant failing = d.plus(days(10));
    regular("checkout@7.2.0", failing, Duration.ZERO, Duration.ZERO);
    production("checkout@7.2.0", failing.plus(days(1)), false);
    String review =
        api.waitForTask("checkout@7.2.0", DeploymentProcess.Elements.TASK_REVIEW_FAILED_DEPLOYMENT);
    runtimeService.setVariable(
        release("checkout@7.2.0").getId(), RELEASE_CLASSIFICATION.getName(), "failed");
    clock(failing.plus(days(1)).plus(hours(1)));
    submit(
        "otto",
        review,
        Map.of(
            ROLLBACK_CONFIRMED.getName(),
            true,
            FAILURE_REVIEW_NOTES.getName(),
            "Schema change too slow"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> release("checkout@7.2.0").getEndTime() != null);

    clock(d.plus(days(12)));
  }

  /** A regular, small release: requested, planned (claimed and done after the given times), teams ready, QA. */
  void regular(String key, Instant at, Duration planClaimed, Duration planned) {
    request(key, "regular", at);
    work(
        key,
        "rita",
        Elements.TASK_PLAN_RELEASE,
        Map.of(CHANGE_SIZE.getName(), "small"),
        at.plus(planClaimed),
        at.plus(planned));
    Instant ready = at.plus(planned).plus(hours(1));
    work(
        key,
        "devon",
        Elements.TASK_CONFIRM_DEVELOPMENT_READINESS,
        Map.of(DEVELOPMENT_READINESS.getName(), "ready"),
        ready,
        ready);
    work(
        key,
        "quinn",
        Elements.TASK_CONFIRM_QA_READINESS,
        Map.of(QA_READINESS.getName(), "ready"),
        ready,
        ready);
    work(
        key,
        "otto",
        Elements.TASK_CONFIRM_OPERATIONS_READINESS,
        Map.of(OPERATIONS_READINESS.getName(), "ready"),
        ready,
        ready);
    work(key, "quinn", Elements.TASK_VERIFY_RELEASE_CANDIDATE, qaPassed(), ready, ready);
  }

  void request(String key, String type, Instant at) {
    clock(at);
    String[] parts = key.split("@");
    var release = ApiClient.releaseRequest(parts[0], parts[1], "Faster checkout");
    release.put(
        TARGET_DATE.getName(), LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(14).toString());
    release.put(RELEASE_TYPE.getName(), type);
    api.request(release);
  }

  /** Operations deploy by hand at that moment; healthy, the release is in production then. */
  void production(String key, Instant at, boolean succeeds) {
    String task = api.waitForTask(key, DeploymentProcess.Elements.TASK_DEPLOY_MANUALLY);
    clock(at);
    submit(
        "otto",
        task,
        succeeds
            ? Map.of(MANUAL_DEPLOYMENT_RESULT.getName(), "succeeded")
            : Map.of(
                MANUAL_DEPLOYMENT_RESULT.getName(),
                "failed",
                DEPLOYMENT_FAILURE.getName(),
                "Migration timed out"));
    if (succeeds) {
      String id = release(key).getId();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  historyService
                          .createHistoricActivityInstanceQuery()
                          .processInstanceId(id)
                          .activityId(Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
                          .finished()
                          .count()
                      == 1);
    }
  }

  /** After the observation period: what the observation recorded is set, then the retrospective is held. */
  void retrospective(String key, Instant at, Map<String, Object> observed) {
    // the observation period starts when the release reaches it, at the engine's time then: once it
    // waits there (or
    // has gone on already), the clock moves past its end
    String id = release(key).getId();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                observation(id) != null
                    || taskService
                            .createTaskQuery()
                            .processInstanceId(id)
                            .taskDefinitionKey(Elements.TASK_HOLD_RETROSPECTIVE)
                            .count()
                        > 0);
    Job timer = observation(id);
    clock(
        timer == null || timer.getDuedate().toInstant().isBefore(at)
            ? at
            : timer.getDuedate().toInstant().plusSeconds(1));
    String task = api.waitForTask(key, Elements.TASK_HOLD_RETROSPECTIVE);
    runtimeService.setVariables(release(key).getId(), observed);
    claim("rita", task);
    submit("rita", task, Map.of(WENT_WELL.getName(), "Smooth", WENT_BADLY.getName(), "Nothing"));
    await().atMost(Duration.ofSeconds(60)).until(() -> release(key).getEndTime() != null);
  }

  void work(
      String key,
      String user,
      String taskKey,
      Map<String, Object> values,
      Instant claimAt,
      Instant completeAt) {
    String task = api.waitForTask(key, taskKey);
    clock(claimAt);
    claim(user, task);
    clock(completeAt);
    submit(user, task, values);
  }

  private void claim(String user, String task) {
    assertThat(
            api.call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + task + "/claim",
                    Map.of("userId", user))
                .getStatusCode())
        .as("%s claims", user)
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  private void submit(String user, String task, Map<String, Object> values) {
    // as a person would when a job of the release changed it at the same moment (409): submit again
    var completed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    api.call(
                        user,
                        HttpMethod.POST,
                        "/engine-rest/task/" + task + "/submit-form",
                        Map.of("variables", variables(values))),
                answer -> answer.getStatusCode() != HttpStatus.CONFLICT);
    assertThat(completed.getStatusCode())
        .as("%s completes: %s", user, completed.getBody())
        .isIn(HttpStatus.OK, HttpStatus.NO_CONTENT);
  }

  private Job observation(String processInstanceId) {
    return managementService
        .createJobQuery()
        .processInstanceId(processInstanceId)
        .timers()
        .activityId(Elements.EVENT_OBSERVATION_PERIOD_OVER)
        .singleResult();
  }

  public HistoricProcessInstance release(String key) {
    return historyService
        .createHistoricProcessInstanceQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .processInstanceBusinessKey(key)
        .singleResult();
  }

  private static Map<String, Object> qaPassed() {
    return Map.of(
        QA_RESULT.getName(), "pass", DEFECTS_FOUND.getName(), 0, TEST_SUMMARY.getName(), "Green");
  }

  static Duration hours(long hours) {
    return Duration.ofHours(hours);
  }

  static Duration days(long days) {
    return Duration.ofDays(days);
  }

  /**
   * Moves the engine's clock, and waits until the job executor has run what is due by then (timers of reminders,
   * notifications), so that the next step does not collide with them.
   */
  void clock(Instant at) {
    ClockUtil.setCurrentTime(Date.from(at));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> managementService.createJobQuery().executable().count() == 0);
  }
}
