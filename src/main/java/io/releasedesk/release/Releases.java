package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_RULE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLATION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPLOYMENT_FAILURE;
import static io.releasedesk.release.ReleaseProcess.Variables.PRODUCTION_HEALTH_REPORT;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDE_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERIFIED_WITHOUT_RESULTS;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;

import io.holunda.camunda.bpm.data.factory.VariableFactory;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcess.Variables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.springframework.stereotype.Service;

/** Releases as the API sees them, addressed by their key {@code service@version}. */
@Service
public class Releases {

  /** The outcome of a release that has not ended. */
  public static final String IN_PROGRESS = "in progress";

  /** The outcomes of an ended release, each with the activities a release that ends so ends at. */
  public static final Map<String, List<String>> END_EVENTS =
      Map.of(
          "released", List.of(Elements.EVENT_RELEASE_COMPLETED),
          "rolled back", List.of(Elements.EVENT_RELEASE_ROLLED_BACK),
          "cancelled",
              List.of(Elements.SUB_PROCESS_CANCEL_RELEASE, Elements.EVENT_RELEASE_CANCELLED));

  /** The variables a status shows, in this order. */
  static final List<String> FACTS =
      Stream.of(
              SERVICE,
              VERSION,
              TARGET_DATE,
              RELEASE_TYPE,
              REQUESTED_BY,
              CHANGE_SIZE,
              RISK_LEVEL,
              RISK_REASON,
              APPROVAL_POLICY,
              CANDIDATE_VERSION,
              QUALITY_GATE,
              QUALITY_GATE_REASON,
              QUALITY_GATE_OVERRIDDEN_BY,
              QUALITY_GATE_OVERRIDDEN_AT,
              QUALITY_GATE_OVERRIDE_JUSTIFICATION,
              VERIFIED_WITHOUT_RESULTS,
              QA_RESULT,
              APPROVAL_DECISION,
              APPROVED_BY,
              APPROVAL_RULE,
              REJECTION_REASON,
              DEPLOYMENT_FAILURE,
              PRODUCTION_HEALTH_REPORT,
              CANCELLATION_REASON,
              CANCELLED_BY,
              Variables.REPAIRS_RELEASE,
              Variables.INCIDENT_REPORTED_AT,
              Variables.INCIDENT_SUMMARY,
              Variables.INCIDENT_RESOLUTION,
              Variables.RELEASE_CLASSIFICATION,
              Variables.CLASSIFICATION_REASON)
          .map(VariableFactory::getName)
          .toList();

  /** Within the engine's query limit; a release has far fewer tasks and facts. */
  static final int MAX_RESULTS = 500;

  public record OpenTask(String id, String name, String assignee, Date created) {}

  /**
   * Where a release stands.
   *
   * @param outcome {@code in progress}, {@code released}, {@code rolled back} or {@code cancelled}
   * @param state the engine's state of the release's process instance
   * @param approval the current approval round; null before the first
   * @param rounds every approval round so far, the current one last
   */
  public record Status(
      String releaseKey,
      String processInstanceId,
      String outcome,
      String state,
      Date startedAt,
      Date endedAt,
      List<OpenTask> openTasks,
      Map<String, Object> facts,
      ApprovalRounds.Round approval,
      List<ApprovalRounds.Round> rounds) {}

  /** Facts of the approval: taken from the current round, never left over from an earlier one. */
  static final List<String> APPROVAL_FACTS =
      Stream.of(APPROVAL_DECISION, APPROVED_BY, APPROVAL_RULE, REJECTION_REASON)
          .map(VariableFactory::getName)
          .toList();

  static final Set<String> CANCELLERS =
      Set.of(ReleaseProcess.Groups.RELEASE_MANAGERS, Groups.CAMUNDA_ADMIN);

  private final RuntimeService runtimeService;
  private final HistoryService historyService;
  private final TaskService taskService;
  private final IdentityService identityService;
  private final ProcessEngineConfigurationImpl engine;

  public Releases(
      RuntimeService runtimeService,
      HistoryService historyService,
      TaskService taskService,
      IdentityService identityService,
      ProcessEngineConfigurationImpl engine) {
    this.runtimeService = runtimeService;
    this.historyService = historyService;
    this.taskService = taskService;
    this.identityService = identityService;
    this.engine = engine;
  }

  ProcessInstance request(Map<String, Object> variables) {
    return runtimeService.startProcessInstanceByKey(ReleaseProcess.KEY, variables);
  }

  Status status(String releaseKey) {
    return status(releaseKey, latest(releaseKey));
  }

  /** Where the release with this process instance id stands, read as whoever calls. */
  public Status statusOfInstance(String processInstanceId) {
    HistoricProcessInstance release = instance(processInstanceId);
    return status(release.getBusinessKey(), release);
  }

  private Status status(String releaseKey, HistoricProcessInstance release) {
    var facts = new LinkedHashMap<String, Object>();
    Map<String, Object> values = new LinkedHashMap<>();
    historyService
        .createHistoricVariableInstanceQuery()
        .processInstanceId(release.getId())
        .variableNameIn(FACTS.toArray(String[]::new))
        .listPage(0, MAX_RESULTS)
        .forEach(variable -> values.put(variable.getName(), variable.getValue()));
    List<ApprovalRounds.Round> rounds = ApprovalRounds.of(historyService, release.getId());
    ApprovalRounds.Round current = rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
    APPROVAL_FACTS.forEach(values::remove);
    if (current != null) {
      putIfPresent(values, APPROVAL_DECISION.getName(), current.decision());
      values.put(APPROVED_BY.getName(), String.join(", ", current.approvedBy()));
      putIfPresent(values, APPROVAL_RULE.getName(), current.rule());
      putIfPresent(values, REJECTION_REASON.getName(), current.rejectionReason());
    }
    FACTS.stream().filter(values::containsKey).forEach(name -> facts.put(name, values.get(name)));
    List<OpenTask> openTasks =
        taskService
            .createTaskQuery()
            .processInstanceBusinessKey(releaseKey)
            .active()
            .orderByTaskCreateTime()
            .asc()
            .listPage(0, MAX_RESULTS)
            .stream()
            .filter(task -> belongsTo(task.getProcessInstanceId(), release.getId()))
            .map(
                task ->
                    new OpenTask(
                        task.getId(), task.getName(), task.getAssignee(), task.getCreateTime()))
            .toList();
    return new Status(
        releaseKey,
        release.getId(),
        outcome(release),
        release.getState(),
        release.getStartTime(),
        release.getEndTime(),
        openTasks,
        facts,
        current,
        rounds);
  }

  private static void putIfPresent(Map<String, Object> values, String name, String value) {
    if (value != null && !value.isEmpty()) {
      values.put(name, value);
    }
  }

  /**
   * Cancels a running release. Only release managers and administrators may; the engine permission this takes
   * (updating process instances) would also let them change variables or skip steps, so it is not granted to them,
   * and the cancellation runs with the engine's checks off after this check.
   */
  void cancel(String releaseKey, String reason) {
    Authentication caller = identityService.getCurrentAuthentication();
    if (caller == null || caller.getGroupIds().stream().noneMatch(CANCELLERS::contains)) {
      throw new AuthorizationException(
          "Only release managers and administrators may cancel a release");
    }
    try {
      engine
          .getCommandExecutorTxRequired()
          .execute(
              commandContext ->
                  commandContext.runWithoutAuthorization(
                      () ->
                          runtimeService
                              .createMessageCorrelation(ReleaseProcess.MESSAGE_CANCEL)
                              .processInstanceBusinessKey(releaseKey)
                              .setVariable(CANCELLATION_REASON.getName(), reason)
                              .correlateWithResult()));
    } catch (MismatchingMessageCorrelationException e) {
      throw new ReleaseNotFoundException("No running release " + releaseKey + " can be cancelled");
    }
  }

  /**
   * The release notes once they are compiled (in production); before that, from the moment a candidate passed QA, the
   * draft: the changes the release ships, from its candidate's commit.
   */
  String notes(String releaseKey) {
    return notes(releaseKey, latest(releaseKey));
  }

  /** The notes of the release with this process instance id, as {@link #notes(String)} tells them. */
  public String notesOfInstance(String processInstanceId) {
    HistoricProcessInstance release = instance(processInstanceId);
    return notes(release.getBusinessKey(), release);
  }

  private String notes(String releaseKey, HistoricProcessInstance release) {
    Map<String, FileValue> files = new LinkedHashMap<>();
    historyService
        .createHistoricVariableInstanceQuery()
        .processInstanceId(release.getId())
        .variableNameIn(
            ReleaseProcess.Variables.RELEASE_NOTES, ReleaseProcess.Variables.RELEASE_CHANGES)
        .listPage(0, MAX_RESULTS)
        .stream()
        .filter(variable -> variable.getTypedValue() instanceof FileValue)
        .forEach(variable -> files.put(variable.getName(), (FileValue) variable.getTypedValue()));
    FileValue notes = files.get(ReleaseProcess.Variables.RELEASE_NOTES);
    if (notes != null) {
      return text(releaseKey, notes);
    }
    FileValue changes = files.get(ReleaseProcess.Variables.RELEASE_CHANGES);
    if (changes != null) {
      return "_Draft release notes of "
          + releaseKey
          + ": the changes it ships. The release notes replace them once it"
          + " runs in production._\n\n"
          + text(releaseKey, changes);
    }
    throw new ReleaseNotFoundException(
        "Release "
            + releaseKey
            + " has no release notes yet: they are drafted once a"
            + " candidate passes QA and compiled once it runs in production");
  }

  private static String text(String releaseKey, FileValue file) {
    try (var content = file.getValue()) {
      return new String(content.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the release notes of " + releaseKey, e);
    }
  }

  /** Where a release stands in words: {@code in progress}, {@code released}, {@code rolled back}, {@code cancelled}. */
  public static String outcome(HistoricProcessInstance release) {
    if (release.getEndTime() == null) {
      return IN_PROGRESS;
    }
    return END_EVENTS.entrySet().stream()
        .filter(outcome -> outcome.getValue().contains(release.getEndActivityId()))
        .map(Map.Entry::getKey)
        .findFirst()
        // deleted in Cockpit, for example
        .orElse("ended (" + release.getState().toLowerCase(Locale.ROOT) + ")");
  }

  /** The release with this key; of several (one cancelled, then requested again), the newest. */
  private HistoricProcessInstance latest(String releaseKey) {
    return historyService
        .createHistoricProcessInstanceQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .processInstanceBusinessKey(releaseKey)
        .orderByProcessInstanceStartTime()
        .desc()
        .listPage(0, 1)
        .stream()
        .findFirst()
        .orElseThrow(() -> new ReleaseNotFoundException("No release " + releaseKey));
  }

  private HistoricProcessInstance instance(String processInstanceId) {
    HistoricProcessInstance release =
        historyService
            .createHistoricProcessInstanceQuery()
            .processInstanceId(processInstanceId)
            .singleResult();
    if (release == null) {
      throw new ReleaseNotFoundException("No release with process instance " + processInstanceId);
    }
    return release;
  }

  /** A task of the release itself or of a deployment it called. */
  private boolean belongsTo(String processInstanceId, String releaseId) {
    return processInstanceId.equals(releaseId)
        || historyService
                .createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId)
                .superProcessInstanceId(releaseId)
                .count()
            > 0;
  }
}
