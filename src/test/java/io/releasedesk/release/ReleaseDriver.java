package io.releasedesk.release;

import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYED;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYING;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_DEPLOY;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_VERIFY_HEALTH;
import static io.releasedesk.release.ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_STAGING;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_APPROVED;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_NO_RESULTS_IN_TIME;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_OBSERVATION_PERIOD_OVER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CHECK_DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CUT_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_TAG_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.FileValue;

/**
 * Walks a release through the engine the way its people would: each as themselves, with their groups, through the
 * engine's API. In process tests the job executor is off and a step of a person runs no job: the test names each save
 * point that follows, in order, with {@link #execute(ProcessInstance, String...)}, so that it reads where the release
 * commits and where a crash would leave it. In the running application (the benchmark) the job executor runs the jobs,
 * and the driver waits for the release instead ({@link Pace}).
 */
public class ReleaseDriver {

  /**
   * The process tests' engine. Not named camunda.cfg.xml: the engine REST API would find a file of that name on the
   * test classpath and build a second "default" engine from it in the integration tests.
   */
  static final String ENGINE_CONFIGURATION = ReleaseProcessSetup.ENGINE_CONFIGURATION;

  public static final Map<String, List<String>> GROUPS =
      Map.of(
          "rita", List.of("release-managers"),
          "paula", List.of("release-managers", "process-owners"),
          "devon", List.of("developers"),
          "quinn", List.of("qa"),
          "otto", List.of("operations"),
          "carol", List.of("cab"),
          "chris", List.of("cab"));

  /** How a walk keeps pace with the engine. */
  public interface Pace {

    /** After a step: the jobs that follow it run (process tests), or are left to the job executor. */
    void afterStep();

    /** Before someone acts on the activity (a user task, a timer): the release has come to it. */
    void awaitActivity(ProcessInstance release, String activityId);
  }

  /**
   * The save points from the teams' readiness to QA's task: each team's answer, the candidate, its healthy deployment
   * to staging, and no test results in time (QA verifies by hand).
   */
  public static final List<String> READY_TO_VERIFICATION =
      List.of(
          TASK_CONFIRM_DEVELOPMENT_READINESS,
          TASK_CONFIRM_QA_READINESS,
          TASK_CONFIRM_OPERATIONS_READINESS,
          TASK_CUT_RELEASE_CANDIDATE,
          EVENT_ANNOUNCE_DEPLOYING,
          TASK_DEPLOY,
          TASK_VERIFY_HEALTH,
          EVENT_ANNOUNCE_DEPLOYED,
          EVENT_NO_RESULTS_IN_TIME);

  /**
   * The save points from an approval's announcement to the observation in production: the dependencies met, a healthy
   * deployment to production, the tag.
   */
  public static final List<String> APPROVED_TO_OBSERVATION =
      List.of(
          EVENT_ANNOUNCE_APPROVED,
          TASK_CHECK_DEPENDENCIES,
          EVENT_ANNOUNCE_DEPLOYING,
          TASK_DEPLOY,
          TASK_VERIFY_HEALTH,
          EVENT_ANNOUNCE_DEPLOYED,
          TASK_TAG_RELEASE);

  /** The suffix of a multi-instance task's body, where the save point after the task waits. */
  private static final String MULTI_INSTANCE_BODY = "#multiInstanceBody";

  private final ProcessEngine engine;
  private final Pace pace;

  /** The driver of the process tests: no job runs but those a test names. */
  public ReleaseDriver(ProcessEngine engine) {
    this.engine = engine;
    this.pace =
        new Pace() {
          @Override
          public void afterStep() {
            // the test names the save points that follow the step
          }

          @Override
          public void awaitActivity(ProcessInstance release, String activityId) {
            // the test ran the jobs before: the release is where it will stay
          }
        };
  }

  /** A driver for the running application, whose job executor moves the releases on. */
  public ReleaseDriver(ProcessEngine engine, Pace pace) {
    this.engine = engine;
    this.pace = pace;
  }

  /** A regular, small, internal release of payments 2.4.0, as the start form submits it. */
  static Map<String, Object> requestValues() {
    return requestValues(Map.of());
  }

  public static Map<String, Object> requestValues(Map<String, Object> changes) {
    var request = new HashMap<String, Object>();
    request.put(SERVICE.getName(), "payments");
    request.put(VERSION.getName(), "2.4.0");
    request.put(TARGET_DATE.getName(), LocalDate.now().plusDays(14).toString());
    request.put(RELEASE_TYPE.getName(), "regular");
    request.put(SCOPE_SUMMARY.getName(), "New checkout flow (PAY-101, PAY-107)");
    request.put(HAS_DATABASE_MIGRATIONS.getName(), false);
    request.put(CUSTOMER_FACING.getName(), false);
    request.putAll(changes);
    return request;
  }

  public static Map<String, Object> qaPassed() {
    return Map.of(
        QA_RESULT.getName(),
        "pass",
        DEFECTS_FOUND.getName(),
        0,
        TEST_SUMMARY.getName(),
        "Regression suite green, exploratory done");
  }

  public static Map<String, Object> approve() {
    return Map.of(DECISION.getName(), "approve", COMMENT.getName(), "Fine by me");
  }

  static Map<String, Object> reject(String reason) {
    return Map.of(DECISION.getName(), "reject", COMMENT.getName(), reason);
  }

  /** Rita requests a release, and the version is proposed. */
  public ProcessInstance request(Map<String, Object> request) {
    ProcessInstance release =
        as(
            "rita",
            () ->
                engine.getRuntimeService().startProcessInstanceByKey(ReleaseProcess.KEY, request));
    pace.afterStep();
    return release;
  }

  public void plan(ProcessInstance release, String changeSize) {
    completeAs("rita", release, TASK_PLAN_RELEASE, Map.of(CHANGE_SIZE.getName(), changeSize));
  }

  public void allTeamsReady(ProcessInstance release) {
    completeAs(
        "devon",
        release,
        TASK_CONFIRM_DEVELOPMENT_READINESS,
        Map.of(DEVELOPMENT_READINESS.getName(), "ready"));
    completeAs(
        "quinn", release, TASK_CONFIRM_QA_READINESS, Map.of(QA_READINESS.getName(), "ready"));
    completeAs(
        "otto",
        release,
        TASK_CONFIRM_OPERATIONS_READINESS,
        Map.of(OPERATIONS_READINESS.getName(), "ready"));
  }

  /**
   * Requests, plans and verifies a release; then it waits for approval (or, at low risk, went on). For tests whose
   * subject comes later: the jobs on the way run as the job executor would ({@link #runJobsUntilItWaits()}).
   */
  ProcessInstance toApproval(String changeSize) {
    return toApproval(changeSize, Map.of());
  }

  ProcessInstance toApproval(String changeSize, Map<String, Object> requestChanges) {
    ProcessInstance release = request(requestValues(requestChanges));
    runJobsUntilItWaits();
    plan(release, changeSize);
    runJobsUntilItWaits();
    allTeamsReady(release);
    runJobsUntilItWaits();
    completeAs("quinn", release, TASK_VERIFY_RELEASE_CANDIDATE, qaPassed());
    runJobsUntilItWaits();
    return release;
  }

  /**
   * A release waiting at the given activity, for tests whose subject comes later: the jobs on the way run as the job
   * executor would ({@link #runJobsUntilItWaits()}).
   */
  ProcessInstance driveTo(String activity) {
    ProcessInstance release = request(requestValues());
    runJobsUntilItWaits();
    if (activity.equals(TASK_PLAN_RELEASE)) {
      return release;
    }
    plan(release, activity.equals(TASK_APPROVE_AS_RELEASE_MANAGER) ? "large" : "small");
    runJobsUntilItWaits();
    if (activity.equals(TASK_CONFIRM_QA_READINESS)) {
      return release;
    }
    if (activity.equals(CALL_ACTIVITY_DEPLOY_TO_STAGING)) {
      // the last team answers; the release moves on, but the staging deployment's first job has not
      // run yet
      allTeamsReady(release);
      execute(
          release,
          TASK_CONFIRM_DEVELOPMENT_READINESS,
          TASK_CONFIRM_QA_READINESS,
          TASK_CONFIRM_OPERATIONS_READINESS,
          TASK_CUT_RELEASE_CANDIDATE);
      return release;
    }
    allTeamsReady(release);
    runJobsUntilItWaits();
    completeAs("quinn", release, TASK_VERIFY_RELEASE_CANDIDATE, qaPassed());
    runJobsUntilItWaits();
    if (activity.equals(EVENT_OBSERVATION_PERIOD_OVER)
        || activity.equals(TASK_APPROVE_AS_RELEASE_MANAGER)) {
      return release;
    }
    throw new IllegalArgumentException("Cannot drive a release to " + activity);
  }

  /**
   * The person takes the task (claiming it if nobody has) and completes it. In process tests no job runs: the save
   * points that follow are the test's to name ({@link #execute(ProcessInstance, String...)}).
   */
  public void completeAs(
      String user, ProcessInstance release, String taskKey, Map<String, Object> values) {
    pace.awaitActivity(release, taskKey);
    as(
        user,
        () -> {
          // the task the person already holds, else one nobody holds
          List<Task> tasks = openTasks(release, taskKey);
          Task task =
              tasks.stream()
                  .filter(t -> user.equals(t.getAssignee()))
                  .findFirst()
                  .or(() -> tasks.stream().filter(t -> t.getAssignee() == null).findFirst())
                  .orElseThrow(
                      () -> new AssertionError("No open task " + taskKey + " for " + user));
          if (task.getAssignee() == null) {
            engine.getTaskService().claim(task.getId(), user);
          }
          engine.getTaskService().complete(task.getId(), values);
          return null;
        });
    pace.afterStep();
  }

  void claimAs(String user, ProcessInstance release, String taskKey) {
    as(
        user,
        () -> {
          Task task =
              openTasks(release, taskKey).stream()
                  .filter(t -> t.getAssignee() == null)
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("No unclaimed task " + taskKey));
          engine.getTaskService().claim(task.getId(), user);
          return null;
        });
  }

  void cancelAs(String user, ProcessInstance release, String reason) {
    as(
        user,
        () ->
            engine
                .getRuntimeService()
                .createMessageCorrelation(ReleaseProcess.MESSAGE_CANCEL)
                .processInstanceId(release.getId())
                .setVariable(ReleaseProcess.Variables.CANCELLATION_REASON.getName(), reason)
                .correlateWithResult());
    pace.afterStep(); // the cancellation is announced
  }

  public void observationPeriodPasses(ProcessInstance release) {
    pace.awaitActivity(release, ReleaseProcess.Elements.EVENT_OBSERVATION_PERIOD_OVER);
    // not the hourly health check of production that runs beside the observation
    Job timer =
        engine
            .getManagementService()
            .createJobQuery()
            .processInstanceId(release.getId())
            .timers()
            .list()
            .stream()
            .filter(job -> !ReleaseProcess.Elements.EVENT_HEALTH_CHECK_DUE.equals(activityId(job)))
            .reduce(
                (one, other) -> {
                  throw new AssertionError(
                      "More than one timer waits: " + activityId(one) + ", " + activityId(other));
                })
            .orElseThrow(() -> new AssertionError("No timer waits"));
    engine.getManagementService().executeJob(timer.getId());
    pace.afterStep(); // the retrospective is announced
  }

  private String activityId(Job job) {
    return engine
        .getManagementService()
        .createJobDefinitionQuery()
        .jobDefinitionId(job.getJobDefinitionId())
        .singleResult()
        .getActivityId();
  }

  /** Open tasks of the release and of the deployments it called. */
  List<Task> openTasks(ProcessInstance release, String taskKey) {
    return engine
        .getTaskService()
        .createTaskQuery()
        .processInstanceBusinessKey(currentKey(release))
        .taskDefinitionKey(taskKey)
        .orderByTaskCreateTime()
        .asc()
        // paged: the application refuses an unbound query of a logged-in person
        .listPage(0, 100);
  }

  /**
   * The save points that follow a step, in order: for each activity, the one job that waits there in the release or in
   * a deployment it called runs, as the job executor would run it. A save point after a multi-instance task is its
   * body's. Fails, saying what waits instead, if no job is due at the activity or more than one is.
   */
  public void execute(ProcessInstance release, String... activityIds) {
    for (String activityId : activityIds) {
      List<Job> waiting =
          dueJobs(release).stream()
              .filter(
                  job -> {
                    String at = activityId(job);
                    return at.equals(activityId) || at.equals(activityId + MULTI_INSTANCE_BODY);
                  })
              .toList();
      if (waiting.size() != 1) {
        throw new AssertionError(
            (waiting.isEmpty() ? "No job waits at " : "More than one job waits at ")
                + activityId
                + "; due: "
                + dueJobs(release).stream().map(this::activityId).toList());
      }
      engine.getManagementService().executeJob(waiting.get(0).getId());
    }
  }

  /** The one job at the activity, in the release or a deployment it called: due or not, with retries left or not. */
  public Job jobAt(ProcessInstance release, String activityId) {
    List<Job> jobs =
        instancesOf(release.getId()).stream()
            .flatMap(
                id ->
                    engine
                        .getManagementService()
                        .createJobQuery()
                        .processInstanceId(id)
                        .activityId(activityId)
                        .list()
                        .stream())
            .toList();
    if (jobs.size() != 1) {
      throw new AssertionError(jobs.size() + " jobs at " + activityId + ", not one");
    }
    return jobs.get(0);
  }

  /**
   * A save point whose step fails every time: its job runs as often as the model retries it, each attempt fails as
   * {@code failure} checks, and no retry is left; returns the incident the step left, at the activity.
   */
  public Incident failsEveryAttempt(
      ProcessInstance release, String activityId, int attempts, Consumer<Throwable> failure) {
    for (int attempt = 1; attempt <= attempts; attempt++) {
      Job job = jobAt(release, activityId);
      if (job.getRetries() != attempts + 1 - attempt) {
        throw new AssertionError(
            "Before attempt "
                + attempt
                + " "
                + job.getRetries()
                + " retries are left, not "
                + (attempts + 1 - attempt));
      }
      Throwable thrown = null;
      try {
        engine.getManagementService().executeJob(job.getId());
      } catch (RuntimeException e) {
        thrown = e;
      }
      if (thrown == null) {
        throw new AssertionError("Attempt " + attempt + " at " + activityId + " did not fail");
      }
      failure.accept(thrown);
    }
    if (jobAt(release, activityId).getRetries() != 0) {
      throw new AssertionError("Retries are left at " + activityId);
    }
    List<Incident> incidents =
        instancesOf(release.getId()).stream()
            .flatMap(
                id ->
                    engine
                        .getRuntimeService()
                        .createIncidentQuery()
                        .processInstanceId(id)
                        .list()
                        .stream())
            .toList();
    if (incidents.size() != 1 || !activityId.equals(incidents.get(0).getActivityId())) {
      throw new AssertionError("Not one incident at " + activityId + ": " + incidents);
    }
    return incidents.get(0);
  }

  /** The save points of a named stretch of the release, in order ({@link #READY_TO_VERIFICATION}, ...). */
  public void execute(ProcessInstance release, List<String> activityIds) {
    execute(release, activityIds.toArray(String[]::new));
  }

  /** The activities where the release (and the deployments it called) has a job due, that no step has run yet. */
  public List<String> jobsDue(ProcessInstance release) {
    return dueJobs(release).stream().map(this::activityId).toList();
  }

  private List<Job> dueJobs(ProcessInstance release) {
    return instancesOf(release.getId()).stream()
        .flatMap(
            id ->
                engine
                    .getManagementService()
                    .createJobQuery()
                    .processInstanceId(id)
                    .executable()
                    .orderByJobId()
                    .asc()
                    .list()
                    .stream())
        .toList();
  }

  /** The release and the deployments it called, and theirs. */
  private List<String> instancesOf(String processInstanceId) {
    var ids = new ArrayList<String>(List.of(processInstanceId));
    engine
        .getRuntimeService()
        .createProcessInstanceQuery()
        .superProcessInstanceId(processInstanceId)
        .list()
        .forEach(called -> ids.addAll(instancesOf(called.getId())));
    return ids;
  }

  /**
   * Runs every due job of every release, as the job executor would, until none is left. It hides the save points: for
   * tests that need a release at a later step than the one they are about ({@link #toApproval}, {@link #driveTo}),
   * never for the steps a test is about.
   */
  void runJobsUntilItWaits() {
    for (int round = 0; round < 50; round++) {
      List<Job> due = engine.getManagementService().createJobQuery().executable().list();
      if (due.isEmpty()) {
        return;
      }
      due.forEach(job -> engine.getManagementService().executeJob(job.getId()));
    }
    throw new AssertionError("Jobs keep coming: a loop in the model?");
  }

  static byte[] bytes(FileValue file) {
    try (InputStream content = file.getValue()) {
      return content.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String currentKey(ProcessInstance release) {
    return engine
        .getRuntimeService()
        .createProcessInstanceQuery()
        .processInstanceId(release.getId())
        .singleResult()
        .getBusinessKey();
  }

  /** Does this as the person, with the groups the driver knows them by ({@link #GROUPS}). */
  public <T> T as(String user, Supplier<T> action) {
    engine.getIdentityService().setAuthentication(user, GROUPS.get(user));
    try {
      return action.get();
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }
}
