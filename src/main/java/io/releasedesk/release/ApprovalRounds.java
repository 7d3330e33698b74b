package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_RULE;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.REDO;

import io.releasedesk.release.ReleaseProcess.Elements;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;

/**
 * The approval rounds of a release, read from its history: each round starts when the release reaches the question
 * who approves, and holds the decisions taken in it. The variables {@code approvalDecision}, {@code approvedBy},
 * {@code rejectedBy} and {@code rejectionReason} only keep the latest values, so a rejection stays in them after a
 * later round approved; the rounds say which decision belongs to which round.
 */
public final class ApprovalRounds {

  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";
  static final Set<String> APPROVAL_TASKS =
      Set.of(Elements.TASK_APPROVE_AS_RELEASE_MANAGER, Elements.TASK_APPROVE_AS_CAB_MEMBER);

  /** Within the engine's query limit; a release has far fewer rows of each kind. */
  static final int MAX_RESULTS = 2000;

  /** One person's (or the rules') decision in a round. {@code by} is null for an automatic approval. */
  public record Decision(String by, String decision, String comment, Date at) {}

  /**
   * One approval round.
   *
   * @param decision {@code approve}, {@code reject}, or null while the round is open
   * @param rule for an automatic approval, the risk rule that allowed it
   * @param redo after a rejection, what the plan that answered it redid: {@code everything} or {@code approval} (the
   *     same candidate went straight back to approval); null before that plan, and for a round not rejected
   */
  public record Round(
      int round,
      Date startedAt,
      Date decidedAt,
      String decision,
      List<String> approvedBy,
      String rejectedBy,
      String rejectionReason,
      String rule,
      List<Decision> decisions,
      String redo) {}

  private ApprovalRounds() {}

  /** The release's rounds in order; none before its first approval. Reads as whoever calls. */
  public static List<Round> of(HistoryService history, String releaseId) {
    List<HistoricActivityInstance> activities =
        history
            .createHistoricActivityInstanceQuery()
            .processInstanceId(releaseId)
            .orderByHistoricActivityInstanceStartTime()
            .asc()
            .orderPartiallyByOccurrence()
            .asc()
            .listPage(0, MAX_RESULTS);
    Map<String, String> completedBy = new HashMap<>();
    history
        .createUserOperationLogQuery()
        .processInstanceId(releaseId)
        .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE)
        .listPage(0, MAX_RESULTS)
        .forEach(entry -> completedBy.putIfAbsent(entry.getTaskId(), entry.getUserId()));
    Map<String, HistoricTaskInstance> tasks = new HashMap<>();
    history
        .createHistoricTaskInstanceQuery()
        .processInstanceId(releaseId)
        .listPage(0, MAX_RESULTS)
        .forEach(task -> tasks.put(task.getActivityInstanceId(), task));
    // the approval form's fields are local to each approval task
    Map<String, Map<String, Object>> fields = new HashMap<>();
    history
        .createHistoricVariableInstanceQuery()
        .processInstanceId(releaseId)
        .variableNameIn(DECISION.getName(), COMMENT.getName(), APPROVAL_RULE.getName())
        .listPage(0, MAX_RESULTS)
        .forEach(
            variable ->
                fields
                    .computeIfAbsent(variable.getActivityInstanceId(), id -> new HashMap<>())
                    .put(variable.getName(), variable.getValue()));
    String rule = (String) fields.getOrDefault(releaseId, Map.of()).get(APPROVAL_RULE.getName());

    // what each plan redid, by its activity: a plan's own redo keeps what it decided
    Map<String, String> redoOfPlan = new HashMap<>();
    history
        .createHistoricVariableInstanceQuery()
        .processInstanceId(releaseId)
        .variableName(REDO.getName())
        .listPage(0, MAX_RESULTS)
        .stream()
        .filter(variable -> variable.getValue() != null)
        .forEach(
            variable ->
                redoOfPlan.put(variable.getActivityInstanceId(), (String) variable.getValue()));
    List<HistoricTaskInstance> plans =
        tasks.values().stream()
            .filter(task -> Elements.TASK_PLAN_RELEASE.equals(task.getTaskDefinitionKey()))
            .sorted(Comparator.comparing(HistoricTaskInstance::getStartTime))
            .toList();

    var rounds = new ArrayList<Round>();
    List<HistoricActivityInstance> inRound = null;
    Date started = null;
    for (HistoricActivityInstance activity : activities) {
      if (Elements.GATEWAY_APPROVAL_POLICY.equals(activity.getActivityId())) {
        if (inRound != null) {
          rounds.add(round(rounds.size() + 1, started, inRound, tasks, completedBy, fields, rule));
        }
        inRound = new ArrayList<>();
        started = activity.getStartTime();
      } else if (inRound != null
          && (APPROVAL_TASKS.contains(activity.getActivityId())
              || Elements.TASK_APPROVE_AUTOMATICALLY.equals(activity.getActivityId()))) {
        inRound.add(activity);
      }
    }
    if (inRound != null) {
      rounds.add(round(rounds.size() + 1, started, inRound, tasks, completedBy, fields, rule));
    }
    return rounds.stream().map(round -> withRedo(round, plans, redoOfPlan)).toList();
  }

  /** A rejected round with what the plan that answered it, the first after the rejection, redid. */
  private static Round withRedo(
      Round round, List<HistoricTaskInstance> plans, Map<String, String> redoOfPlan) {
    if (!REJECT.equals(round.decision())) {
      return round;
    }
    String redo =
        plans.stream()
            .filter(
                plan -> !plan.getStartTime().before(round.decidedAt()) && plan.getEndTime() != null)
            .findFirst()
            .map(plan -> redoOfPlan.get(plan.getActivityInstanceId()))
            .orElse(null);
    return new Round(
        round.round(),
        round.startedAt(),
        round.decidedAt(),
        round.decision(),
        round.approvedBy(),
        round.rejectedBy(),
        round.rejectionReason(),
        round.rule(),
        round.decisions(),
        redo);
  }

  private static Round round(
      int number,
      Date started,
      List<HistoricActivityInstance> steps,
      Map<String, HistoricTaskInstance> tasks,
      Map<String, String> completedBy,
      Map<String, Map<String, Object>> fields,
      String automaticRule) {
    var decisions = new ArrayList<Decision>();
    String rule = null;
    for (HistoricActivityInstance step : steps) {
      if (step.getEndTime() == null || step.isCanceled()) {
        continue;
      }
      if (Elements.TASK_APPROVE_AUTOMATICALLY.equals(step.getActivityId())) {
        rule = automaticRule;
        decisions.add(new Decision(null, APPROVE, automaticRule, step.getEndTime()));
        continue;
      }
      HistoricTaskInstance task = tasks.get(step.getId());
      Map<String, Object> values = fields.getOrDefault(step.getId(), Map.of());
      String by =
          task == null
              ? step.getAssignee()
              : completedBy.getOrDefault(task.getId(), task.getAssignee());
      decisions.add(
          new Decision(
              by,
              (String) values.get(DECISION.getName()),
              (String) values.get(COMMENT.getName()),
              step.getEndTime()));
    }
    decisions.sort(Comparator.comparing(Decision::at));
    List<String> approvedBy =
        decisions.stream()
            .filter(d -> APPROVE.equals(d.decision()) && d.by() != null)
            .map(Decision::by)
            .toList();
    Decision rejection =
        decisions.stream().filter(d -> REJECT.equals(d.decision())).findFirst().orElse(null);
    boolean open = steps.stream().anyMatch(step -> step.getEndTime() == null);
    String decision = rejection != null ? REJECT : open || decisions.isEmpty() ? null : APPROVE;
    Date decidedAt = decision == null ? null : decisions.get(decisions.size() - 1).at();
    if (rejection != null) {
      decidedAt = rejection.at();
    }
    return new Round(
        number,
        started,
        decidedAt,
        decision,
        approvedBy,
        rejection == null ? null : rejection.by(),
        rejection == null ? null : rejection.comment(),
        rule,
        List.copyOf(decisions),
        null);
  }
}
