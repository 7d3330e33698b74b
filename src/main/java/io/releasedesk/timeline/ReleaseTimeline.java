package io.releasedesk.timeline;

import static io.releasedesk.release.ReleaseProcess.QUALITY_GATE_DECISION_KEY;
import static io.releasedesk.release.ReleaseProcess.RISK_DECISION_KEY;
import static io.releasedesk.release.ReleaseProcess.Variables.ACTION_ITEMS;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_RULE;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLATION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPENDENCIES_IN_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPENDENCIES_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_NOTES;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.FIX_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_ENDS_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.GO_ON_WITHOUT_DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Variables.LAST_RELEASED_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.MISSING_DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Variables.NOTHING_CHANGED;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_NOTES;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.PROPOSED_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_NOTES;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDE_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.REDO;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TAG;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_RESULTS;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_BADLY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_WELL;

import io.holunda.camunda.bpm.data.factory.VariableFactory;
import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.release.ApprovalRounds;
import io.releasedesk.release.ReleaseNotFoundException;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.WhatMustBeRedone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Service;

/**
 * A release's story told from the engine's history, in words and in order: what each step decided with the values it
 * decided, read as they were at that moment (the history of variable updates is replayed), and the deployments the
 * release called with their environment. Gateways, multi-instance bodies and the engine's own variables are left out:
 * only the steps people care about are told.
 *
 * <p>Whoever may read the release may read its timeline: release managers and viewers every release, participants the
 * release they have (or had) a task in, the deployment's operators too. That is checked against the caller's
 * authorizations first; the history is then read with the engine's checks off, since participants hold no permission
 * to read history as such (see {@code TaskPeopleReadTheirRelease}). An unknown release and one the caller may not read
 * get the same answer, so that the answer tells nothing about releases one may not see.
 */
@Service
public class ReleaseTimeline {

  /** The engine's query limit: every list is paged within it; a release has far fewer rows of each kind. */
  static final int MAX_RESULTS = 2000;

  /** One thing that happened. {@code who} is null for what the engine did by itself. */
  public record Entry(Instant at, String who, String what, String kind) {}

  public record Timeline(String releaseKey, List<Entry> entries) {}

  private final HistoryService history;
  private final TaskService tasks;
  private final RepositoryService repository;
  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final ProcessEngineConfigurationImpl engine;

  public ReleaseTimeline(
      HistoryService history,
      TaskService tasks,
      RepositoryService repository,
      IdentityService identity,
      AuthorizationService authorizations,
      ProcessEngineConfigurationImpl engine) {
    this.history = history;
    this.tasks = tasks;
    this.repository = repository;
    this.identity = identity;
    this.authorizations = authorizations;
    this.engine = engine;
  }

  public Timeline of(String releaseKey) {
    Authentication caller = identity.getCurrentAuthentication();
    // null when there is no such release or the caller may not read it: refused outside the
    // engine's command, which
    // would log a refusal thrown inside it as an error
    Timeline timeline =
        engine
            .getCommandExecutorTxRequired()
            .execute(
                context ->
                    context.runWithoutAuthorization(
                        () -> {
                          Readable readable = readable(caller, releaseKey, null);
                          return readable == null
                              ? null
                              : new Timeline(
                                  releaseKey,
                                  new Story(readable.release(), readable.deployments()).tell());
                        }));
    if (timeline == null) {
      throw notReadable(releaseKey);
    }
    return timeline;
  }

  /**
   * The release with this key and process instance id (a key is requested again after a cancellation, so it may name
   * several releases), or the newest with this key when the id is null; if the caller may read it as they may read
   * its timeline.
   *
   * @throws ReleaseNotFoundException when there is none, or the caller may not read it
   */
  public HistoricProcessInstance readableRelease(String releaseKey, String processInstanceId) {
    Authentication caller = identity.getCurrentAuthentication();
    Readable readable =
        engine
            .getCommandExecutorTxRequired()
            .execute(
                context ->
                    context.runWithoutAuthorization(
                        () -> readable(caller, releaseKey, processInstanceId)));
    if (readable == null) {
      throw notReadable(releaseKey);
    }
    return readable.release();
  }

  private record Readable(
      HistoricProcessInstance release, List<HistoricProcessInstance> deployments) {}

  /** Null when there is no such release or the caller may not read it; the newest of the key without an id. */
  private Readable readable(Authentication caller, String releaseKey, String processInstanceId) {
    HistoricProcessInstanceQuery query =
        history
            .createHistoricProcessInstanceQuery()
            .processDefinitionKey(ReleaseProcess.KEY)
            .processInstanceBusinessKey(releaseKey);
    if (processInstanceId != null) {
      query.processInstanceId(processInstanceId);
    }
    HistoricProcessInstance release =
        query.orderByProcessInstanceStartTime().desc().listPage(0, 1).stream()
            .findFirst()
            .orElse(null);
    if (release == null) {
      return null;
    }
    List<HistoricProcessInstance> deployments =
        history
            .createHistoricProcessInstanceQuery()
            .superProcessInstanceId(release.getId())
            .orderByProcessInstanceStartTime()
            .asc()
            .listPage(0, MAX_RESULTS);
    return mayRead(caller, release, deployments) ? new Readable(release, deployments) : null;
  }

  private static ReleaseNotFoundException notReadable(String releaseKey) {
    return new ReleaseNotFoundException("No release " + releaseKey + " that you may read");
  }

  /**
   * The timeline of the release with this process instance id, told for Release Desk's own steps (the retrospective's
   * form shows it) without regard to who is logged in.
   */
  public List<Entry> entriesOf(String processInstanceId) {
    return engine
        .getCommandExecutorTxRequired()
        .execute(
            context ->
                context.runWithoutAuthorization(
                    () -> {
                      HistoricProcessInstance release =
                          history
                              .createHistoricProcessInstanceQuery()
                              .processInstanceId(processInstanceId)
                              .singleResult();
                      if (release == null) {
                        return List.<Entry>of();
                      }
                      List<HistoricProcessInstance> deployments =
                          history
                              .createHistoricProcessInstanceQuery()
                              .superProcessInstanceId(release.getId())
                              .orderByProcessInstanceStartTime()
                              .asc()
                              .listPage(0, MAX_RESULTS);
                      return new Story(release, deployments).tell();
                    }));
  }

  private boolean mayRead(
      Authentication caller,
      HistoricProcessInstance release,
      List<HistoricProcessInstance> deployments) {
    if (caller == null || caller.getUserId() == null) {
      return false;
    }
    String user = caller.getUserId();
    List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    if (authorizations.isUserAuthorized(
        user,
        groups,
        ProcessDefinitionPermissions.READ_HISTORY,
        Resources.PROCESS_DEFINITION,
        ReleaseProcess.KEY)) {
      return true;
    }
    return Stream.concat(Stream.of(release), deployments.stream())
        .anyMatch(
            instance ->
                authorizations.isUserAuthorized(
                    user, groups, Permissions.READ, Resources.PROCESS_INSTANCE, instance.getId()));
  }

  /** One telling: replays each instance's variable updates alongside its steps. */
  private final class Story {

    private final HistoricProcessInstance release;
    private final List<HistoricProcessInstance> deployments;
    private final List<Entry> entries = new ArrayList<>();

    /** The order of entries at the same instant: as they happened. */
    private final List<Long> order = new ArrayList<>();

    private final Map<String, String> completedBy = new HashMap<>();

    /** The risk table's and the quality gate's decisions, by the step that made them. */
    private final Map<String, HistoricDecisionInstance> decisions = new HashMap<>();

    Story(HistoricProcessInstance release, List<HistoricProcessInstance> deployments) {
      this.release = release;
      this.deployments = deployments;
    }

    List<Entry> tell() {
      history
          .createHistoricDecisionInstanceQuery()
          .processInstanceId(release.getId())
          .decisionDefinitionKeyIn(RISK_DECISION_KEY, QUALITY_GATE_DECISION_KEY)
          .includeOutputs()
          .listPage(0, MAX_RESULTS)
          .forEach(decision -> decisions.put(decision.getActivityInstanceId(), decision));
      tellInstance(release, true);
      deployments.forEach(deployment -> tellInstance(deployment, false));
      var indices = new ArrayList<Integer>();
      for (int i = 0; i < entries.size(); i++) {
        indices.add(i);
      }
      indices.sort(
          Comparator.<Integer, Instant>comparing(i -> entries.get(i).at())
              .thenComparing(order::get));
      return indices.stream().map(entries::get).toList();
    }

    private void tellInstance(HistoricProcessInstance instance, boolean isRelease) {
      history
          .createUserOperationLogQuery()
          .processInstanceId(instance.getId())
          .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE)
          .listPage(0, MAX_RESULTS)
          .forEach(entry -> completedBy.putIfAbsent(entry.getTaskId(), entry.getUserId()));
      Map<String, String> taskIds = new HashMap<>();
      history
          .createHistoricTaskInstanceQuery()
          .processInstanceId(instance.getId())
          .listPage(0, MAX_RESULTS)
          .forEach(task -> taskIds.put(task.getActivityInstanceId(), task.getId()));

      // the variable updates and the steps, merged by time; at the same instant the updates come
      // first, since a
      // step's values are written before it ends
      List<HistoricDetail> updates =
          history
              .createHistoricDetailQuery()
              .processInstanceId(instance.getId())
              .variableUpdates()
              .disableBinaryFetching()
              .disableCustomObjectDeserialization()
              .orderByTime()
              .asc()
              .orderPartiallyByOccurrence()
              .asc()
              .listPage(0, MAX_RESULTS);
      List<HistoricActivityInstance> steps =
          history
              .createHistoricActivityInstanceQuery()
              .processInstanceId(instance.getId())
              .orderByHistoricActivityInstanceStartTime()
              .asc()
              .orderPartiallyByOccurrence()
              .asc()
              .listPage(0, MAX_RESULTS);
      List<Step> timeline = new ArrayList<>();
      for (HistoricActivityInstance step : steps) {
        Date at = step.getEndTime() != null ? step.getEndTime() : step.getStartTime();
        timeline.add(new Step(at, step));
      }
      timeline.sort(Comparator.comparing(Step::at));
      Map<String, Object> values = new HashMap<>();
      int next = 0;
      for (Step step : timeline) {
        while (next < updates.size() && !updates.get(next).getTime().after(step.at())) {
          if (updates.get(next) instanceof HistoricVariableUpdate update) {
            values.put(update.getVariableName(), update.getValue());
          }
          next++;
        }
        HistoricActivityInstance activity = step.activity();
        String who = activity.getAssignee();
        String taskId = taskIds.get(activity.getId());
        if (taskId != null) {
          who = completedBy.getOrDefault(taskId, who);
        }
        var facts = new Facts(values);
        if (isRelease) {
          tellRelease(activity, who, facts);
        } else {
          tellDeployment(activity, who, facts);
        }
      }
      tasks
          .getProcessInstanceComments(instance.getId())
          .forEach(
              comment -> {
                String message = comment.getFullMessage();
                boolean refusal = message != null && message.startsWith("Refused");
                add(
                    comment.getTime(),
                    comment.getUserId(),
                    message,
                    refusal ? "refused" : "comment");
              });
    }

    private void tellRelease(HistoricActivityInstance step, String who, Facts facts) {
      Date end = step.getEndTime();
      if (end == null) {
        if ("userTask".equals(step.getActivityType())) {
          add(
              step.getStartTime(),
              step.getAssignee(),
              "Waiting for "
                  + step.getActivityName()
                  + (step.getAssignee() == null ? "" : ", taken by " + step.getAssignee()),
              "waiting");
        }
        return;
      }
      if (step.isCanceled()) {
        return;
      }
      switch (step.getActivityId()) {
        case Elements.EVENT_RELEASE_REQUESTED ->
            add(
                end,
                release.getStartUserId(),
                "Requested "
                    + facts.get(SERVICE)
                    + " "
                    + facts.get(VERSION)
                    + " ("
                    + facts.get(RELEASE_TYPE)
                    + ", target date "
                    + facts.get(TARGET_DATE)
                    + ")"
                    + facts.suffix(": ", SCOPE_SUMMARY),
                "requested");
        case Elements.TASK_PROPOSE_VERSION ->
            add(
                end,
                null,
                "The repository proposed version "
                    + facts.get(PROPOSED_VERSION)
                    + (facts.has(LAST_RELEASED_VERSION)
                        ? " after " + facts.get(LAST_RELEASED_VERSION)
                        : " (no release yet)")
                    + (Boolean.TRUE.equals(facts.raw(NOTHING_CHANGED))
                        ? "; nothing changed since the last release"
                        : ""),
                "proposed");
        case Elements.TASK_PLAN_RELEASE ->
            add(
                end,
                who,
                "Planned version "
                    + facts.get(VERSION)
                    + " for "
                    + facts.get(TARGET_DATE)
                    + ", a "
                    + facts.get(CHANGE_SIZE)
                    + " change"
                    + facts.suffix("; depends on ", DEPENDENCIES)
                    + redone(facts),
                "planned");
        case Elements.TASK_CONFIRM_DEVELOPMENT_READINESS ->
            readiness(end, who, "Development", facts, DEVELOPMENT_READINESS, DEVELOPMENT_NOTES);
        case Elements.TASK_CONFIRM_QA_READINESS ->
            readiness(end, who, "QA", facts, QA_READINESS, QA_NOTES);
        case Elements.TASK_CONFIRM_OPERATIONS_READINESS ->
            readiness(end, who, "Operations", facts, OPERATIONS_READINESS, OPERATIONS_NOTES);
        case Elements.TASK_ASSESS_RISK -> {
          // the decision's own outputs: the output mapping writes the variables as the step ends
          Facts risk = decided(step, facts);
          add(
              end,
              null,
              "Risk "
                  + risk.get(RISK_LEVEL)
                  + ", approval by "
                  + approvers(risk.get(APPROVAL_POLICY))
                  + ": "
                  + risk.get(RISK_REASON)
                  + rule(step),
              "risk");
        }
        case Elements.TASK_CUT_RELEASE_CANDIDATE ->
            add(
                end,
                null,
                "Candidate "
                    + facts.get(CANDIDATE_VERSION)
                    + " cut from commit "
                    + shortCommit(facts.get(CANDIDATE_COMMIT)),
                "candidate");
        case Elements.TASK_APPLY_QUALITY_GATE -> {
          // the decision's own outputs, as for the risk
          Facts gate = decided(step, facts);
          add(
              end,
              null,
              "Quality gate: "
                  + gate.get(QUALITY_GATE)
                  + " for "
                  + gate.get(CANDIDATE_VERSION)
                  + gate.suffix(", ", QUALITY_GATE_REASON)
                  + gate.suffix("; ", TEST_RESULTS),
              "gate");
        }
        case Elements.TASK_RECORD_MANUAL_VERIFICATION ->
            add(
                end,
                null,
                "No test results from CI in time: QA verifies "
                    + facts.get(CANDIDATE_VERSION)
                    + " by hand",
                "gate");
        case Elements.TASK_RECORD_QUALITY_GATE_OVERRIDE ->
            add(
                end,
                facts.get(QUALITY_GATE_OVERRIDDEN_BY),
                "QA overrode the quality gate's fail of "
                    + facts.get(CANDIDATE_VERSION)
                    + " and sent it to verification"
                    + facts.suffix(": ", QUALITY_GATE_OVERRIDE_JUSTIFICATION),
                "override");
        case Elements.TASK_VERIFY_RELEASE_CANDIDATE ->
            add(
                end,
                who,
                "QA "
                    + ("pass".equals(facts.get(QA_RESULT)) ? "passed " : "failed ")
                    + facts.get(CANDIDATE_VERSION)
                    + " ("
                    + facts.get(DEFECTS_FOUND)
                    + " defects found)"
                    + facts.suffix(": ", TEST_SUMMARY),
                "qa");
        case Elements.TASK_FIX_DEFECTS ->
            add(end, who, "Defects fixed" + facts.suffix(": ", FIX_SUMMARY), "fix");
        case Elements.TASK_DRAFT_RELEASE_NOTES ->
            add(
                end,
                null,
                "Release notes drafted from the commits of " + facts.get(CANDIDATE_VERSION),
                "notes");
        case Elements.TASK_APPROVE_AUTOMATICALLY ->
            add(
                end,
                null,
                "Approved automatically by the rules: " + facts.get(APPROVAL_RULE),
                "approval");
        case Elements.TASK_APPROVE_AS_RELEASE_MANAGER, Elements.TASK_APPROVE_AS_CAB_MEMBER -> {
          boolean rejected = ApprovalRounds.REJECT.equals(facts.get(DECISION));
          String as =
              Elements.TASK_APPROVE_AS_CAB_MEMBER.equals(step.getActivityId())
                  ? " as CAB member"
                  : "";
          add(
              end,
              who,
              (rejected ? "Rejected" : "Approved") + as + facts.suffix(": ", COMMENT),
              rejected ? "rejection" : "approval");
        }
        case Elements.TASK_CHECK_DEPENDENCIES -> {
          if (Boolean.FALSE.equals(facts.raw(DEPENDENCIES_IN_PRODUCTION))) {
            add(
                end,
                null,
                "Waits for dependencies not yet in production: " + facts.get(MISSING_DEPENDENCIES),
                "dependencies");
          } else if (facts.has(DEPENDENCIES)) {
            add(
                end,
                null,
                "Dependencies in production: " + facts.get(DEPENDENCIES),
                "dependencies");
          }
        }
        case Elements.TASK_WAIT_FOR_DEPENDENCIES ->
            add(
                end,
                who,
                Boolean.TRUE.equals(facts.raw(GO_ON_WITHOUT_DEPENDENCIES))
                    ? "Went on without the missing dependencies"
                        + facts.suffix(": ", DEPENDENCIES_JUSTIFICATION)
                    : "Dependencies in production; the release goes on",
                "dependencies");
        case Elements.TASK_CHECK_FREEZE_WINDOWS -> {
          if (facts.has(FREEZE_ENDS_AT)) {
            add(
                end,
                null,
                "Held by a freeze window until "
                    + facts.get(FREEZE_ENDS_AT)
                    + facts.suffix(": ", FREEZE_REASON),
                "freeze");
          }
        }
        case Elements.EVENT_FREEZE_WINDOW_OVER ->
            add(end, null, "The freeze window is over", "freeze");
        case Elements.TASK_TAG_RELEASE -> {
          if (facts.has(RELEASE_TAG)) {
            add(
                end,
                null,
                "Tagged "
                    + facts.get(RELEASE_TAG)
                    + " on commit "
                    + shortCommit(facts.get(CANDIDATE_COMMIT)),
                "tag");
          }
        }
        case Elements.TASK_COMPILE_RELEASE_NOTES ->
            add(end, null, "Release notes compiled", "notes");
        case Elements.EVENT_OBSERVATION_PERIOD_OVER ->
            add(end, null, "Observation in production over", "observation");
        case Elements.TASK_HOLD_RETROSPECTIVE ->
            add(
                end,
                who,
                "Retrospective held"
                    + facts.suffix("; went well: ", WENT_WELL)
                    + facts.suffix("; went badly: ", WENT_BADLY)
                    + facts.suffix("; action items: ", ACTION_ITEMS),
                "retrospective");
        case Elements.TASK_RECORD_CANCELLATION ->
            add(
                end,
                facts.get(CANCELLED_BY),
                "Cancelled" + facts.suffix(": ", CANCELLATION_REASON),
                "cancelled");
        case Elements.EVENT_RELEASE_COMPLETED -> add(end, null, "Released", "outcome");
        case Elements.EVENT_RELEASE_ROLLED_BACK -> add(end, null, "Ended rolled back", "outcome");
        default -> {
          // another step people work on, told by its name; the engine's own steps are not told
          if ("userTask".equals(step.getActivityType())) {
            add(end, who, step.getActivityName() + " done", "task");
          }
        }
      }
    }

    private void tellDeployment(HistoricActivityInstance step, String who, Facts facts) {
      Date end = step.getEndTime();
      String environment = capitalised(facts.get(DeploymentProcess.Variables.ENVIRONMENT));
      String version = facts.get(DeploymentProcess.Variables.VERSION);
      if (end == null) {
        if ("userTask".equals(step.getActivityType())) {
          add(
              step.getStartTime(),
              step.getAssignee(),
              environment + ": waiting for " + step.getActivityName() + " of " + version,
              "waiting");
        }
        return;
      }
      String commit =
          " (commit " + shortCommit(facts.get(DeploymentProcess.Variables.COMMIT)) + ")";
      switch (step.getActivityId()) {
        case DeploymentProcess.Elements.TASK_DEPLOY -> {
          if (facts.has(DeploymentProcess.Variables.DEPLOYMENT_MODE)
              && "automatic".equals(facts.get(DeploymentProcess.Variables.DEPLOYMENT_MODE))) {
            add(
                end,
                null,
                environment + ": the deployment webhook accepted " + version + commit,
                "deployment");
          } else if (step.isCanceled()
              && facts.has(DeploymentProcess.Variables.DEPLOYMENT_FAILURE)) {
            add(
                end,
                null,
                environment
                    + ": the deployment target refused "
                    + version
                    + ": "
                    + facts.get(DeploymentProcess.Variables.DEPLOYMENT_FAILURE),
                "deployment");
          } else if (!step.isCanceled()) {
            add(
                end,
                null,
                environment + ": " + version + commit + " handed to operations to deploy by hand",
                "deployment");
          }
        }
        case DeploymentProcess.Elements.TASK_DEPLOY_MANUALLY ->
            add(
                end,
                who,
                environment
                    + ": "
                    + ("failed"
                            .equals(facts.get(DeploymentProcess.Variables.MANUAL_DEPLOYMENT_RESULT))
                        ? "deploying " + version + " by hand failed"
                        : version + " deployed by hand"),
                "deployment");
        case DeploymentProcess.Elements.TASK_VERIFY_HEALTH ->
            add(
                end,
                null,
                environment
                    + (Boolean.TRUE.equals(facts.raw(DeploymentProcess.Variables.HEALTHY))
                        ? " healthy"
                        : " not healthy")
                    + facts.suffix(": ", DeploymentProcess.Variables.HEALTH_REPORT),
                "health");
        case DeploymentProcess.Elements.TASK_ROLL_BACK ->
            add(
                end,
                null,
                environment
                    + ": rolled back"
                    + facts.suffix(": ", DeploymentProcess.Variables.ROLLBACK_STATUS),
                "rollback");
        case DeploymentProcess.Elements.TASK_REVIEW_FAILED_DEPLOYMENT ->
            add(
                end,
                who,
                environment
                    + ": failed deployment reviewed"
                    + facts.suffix(": ", DeploymentProcess.Variables.DEPLOYMENT_FAILURE),
                "review");
        default -> {
          // gateways and events of the deployment are the engine's business
        }
      }
    }

    /** What a plan that answers a rejected approval redoes; nothing for any other plan. */
    private static String redone(Facts facts) {
      return switch (facts.has(REDO) ? facts.get(REDO) : "") {
        case WhatMustBeRedone.APPROVAL ->
            "; after the rejection only the approval is asked again, for the same "
                + "candidate "
                + facts.get(CANDIDATE_VERSION);
        case WhatMustBeRedone.EVERYTHING ->
            "; after the rejection everything is redone: the teams confirm the plan "
                + "again, then a new candidate, QA and approval";
        default -> "";
      };
    }

    private void readiness(
        Date end,
        String who,
        String team,
        Facts facts,
        VariableFactory<String> answer,
        VariableFactory<String> notes) {
      add(
          end,
          who,
          team
              + (("ready").equals(facts.get(answer)) ? " ready" : " not ready")
              + facts.suffix(": ", notes),
          "readiness");
    }

    /** The values the decision table decided at this step, else the variables as they were. */
    private Facts decided(HistoricActivityInstance step, Facts facts) {
      HistoricDecisionInstance decision = decisions.get(step.getId());
      if (decision == null || decision.getOutputs().isEmpty()) {
        return facts;
      }
      Map<String, Object> values = new HashMap<>(facts.values());
      decision
          .getOutputs()
          .forEach(output -> values.put(output.getVariableName(), output.getValue()));
      return new Facts(values);
    }

    /** The risk table's rule that fired, as its number in the table and its version. */
    private String rule(HistoricActivityInstance step) {
      HistoricDecisionInstance decision = decisions.get(step.getId());
      if (decision == null || decision.getOutputs().isEmpty()) {
        return "";
      }
      var output = decision.getOutputs().get(0);
      int version =
          repository.getDecisionDefinition(decision.getDecisionDefinitionId()).getVersion();
      return " (rule "
          + output.getRuleOrder()
          + " of "
          + RISK_DECISION_KEY
          + " version "
          + version
          + ")";
    }

    private void add(Date at, String who, String what, String kind) {
      if (at == null) {
        return;
      }
      entries.add(new Entry(at.toInstant(), who, what, kind));
      order.add((long) order.size());
    }
  }

  private record Step(Date at, HistoricActivityInstance activity) {}

  /** The values of one instance's variables at one moment. */
  private record Facts(Map<String, Object> values) {

    Facts {
      values = new HashMap<>(values);
    }

    Object raw(VariableFactory<?> variable) {
      return values.get(variable.getName());
    }

    boolean has(VariableFactory<?> variable) {
      Object value = raw(variable);
      return value != null && !value.toString().isBlank();
    }

    String get(VariableFactory<?> variable) {
      return has(variable) ? raw(variable).toString().strip() : "?";
    }

    String suffix(String separator, VariableFactory<?> variable) {
      return has(variable) ? separator + get(variable) : "";
    }
  }

  static String approvers(String policy) {
    return switch (policy) {
      case "automatic" -> "the rules";
      case "release-manager" -> "a release manager";
      case "cab" -> "two CAB members";
      default -> policy;
    };
  }

  static String shortCommit(String sha) {
    return sha == null || sha.length() < 7 ? String.valueOf(sha) : sha.substring(0, 7);
  }

  static String capitalised(String word) {
    return word == null || word.isEmpty()
        ? "?"
        : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }
}
