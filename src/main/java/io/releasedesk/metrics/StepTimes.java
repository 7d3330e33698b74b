package io.releasedesk.metrics;

import static io.releasedesk.metrics.ProductionDeployments.CHUNK;
import static io.releasedesk.metrics.ProductionDeployments.chunks;
import static io.releasedesk.metrics.ProductionDeployments.pages;

import io.releasedesk.board.Phases;
import io.releasedesk.metrics.DeliveryMetrics.Counted;
import io.releasedesk.metrics.DeliveryMetrics.PhaseTime;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.stereotype.Service;

/**
 * Where the time of releases goes, from the engine's history: each user task of the lifecycle from its creation to
 * its claim (waiting) and on to its completion (working), the time releases spend in each phase (the groups of the
 * diagram), and how long approval rounds wait for their decision.
 */
@Service
public class StepTimes {

  /** Median and 90th percentile, in hours; null when nothing was counted. */
  public record Durations(Double medianHours, Double p90Hours) {

    static Durations of(List<Double> hours) {
      return new Durations(Stats.median(hours), Stats.percentile(hours, 90));
    }
  }

  /**
   * One user task of the lifecycle, over its instances completed in the period.
   *
   * @param duration from creation to completion
   * @param waiting from creation until someone claimed it (or completed it, unclaimed)
   * @param working from the claim to the completion
   */
  public record Step(
      String activityId,
      String name,
      String phase,
      int count,
      Durations duration,
      Durations waiting,
      Durations working) {}

  public record Answer(Period period, List<Step> steps, List<PhaseTime> phases) {}

  private final HistoryService historyService;
  private final RepositoryService repositoryService;
  private final Phases phases;

  StepTimes(HistoryService historyService, RepositoryService repositoryService, Phases phases) {
    this.historyService = historyService;
    this.repositoryService = repositoryService;
    this.phases = phases;
  }

  /** @throws io.releasedesk.engine.InvalidInputException for dates that are no period, saying why */
  public Answer steps(String from, String to) {
    Period period = Period.of(from, to, null, DeliveryMetrics.today());
    return new Answer(
        period,
        steps(period.start(), period.end()),
        timePerPhase(period.start(), period.end(), null));
  }

  /** The user tasks of the lifecycle completed within [from, to), the slowest (by median duration) first. */
  List<Step> steps(Instant from, Instant to) {
    List<HistoricTaskInstance> tasks =
        pages(
                first ->
                    historyService
                        .createHistoricTaskInstanceQuery()
                        .processDefinitionKey(ReleaseProcess.KEY)
                        .finished()
                        .finishedAfter(Date.from(from))
                        .finishedBefore(Date.from(to))
                        .orderByHistoricActivityInstanceId()
                        .asc()
                        .listPage(first, CHUNK))
            .stream()
            .filter(
                task ->
                    "completed".equals(task.getDeleteReason())
                        && task.getEndTime().toInstant().isBefore(to))
            .toList();
    if (tasks.isEmpty()) {
      return List.of();
    }
    Map<String, Instant> claimed = claims(tasks, to);
    Map<String, List<HistoricTaskInstance>> byStep = new LinkedHashMap<>();
    tasks.forEach(
        task ->
            byStep
                .computeIfAbsent(task.getTaskDefinitionKey(), key -> new ArrayList<>())
                .add(task));
    var steps = new ArrayList<Step>();
    byStep.forEach(
        (activityId, instances) -> {
          var duration = new ArrayList<Double>();
          var waiting = new ArrayList<Double>();
          var working = new ArrayList<Double>();
          for (HistoricTaskInstance task : instances) {
            Instant created = task.getStartTime().toInstant();
            Instant completed = task.getEndTime().toInstant();
            Instant claim = claimed.getOrDefault(task.getId(), completed);
            if (claim.isBefore(created) || claim.isAfter(completed)) {
              claim = claim.isBefore(created) ? created : completed;
            }
            duration.add(Stats.hours(created, completed));
            waiting.add(Stats.hours(created, claim));
            working.add(Stats.hours(claim, completed));
          }
          HistoricTaskInstance newest = instances.get(instances.size() - 1);
          String phase =
              phases.of(newest.getProcessDefinitionId()).phaseOfActivity().get(activityId);
          steps.add(
              new Step(
                  activityId,
                  newest.getName(),
                  phase,
                  instances.size(),
                  Durations.of(duration),
                  Durations.of(waiting),
                  Durations.of(working)));
        });
    steps.sort(
        Comparator.comparing(
                (Step step) -> step.duration().medianHours(), Comparator.reverseOrder())
            .thenComparing(Step::activityId));
    return steps;
  }

  /** When each task was first given to someone (claimed or assigned), from the history of its identity links. */
  private Map<String, Instant> claims(List<HistoricTaskInstance> tasks, Instant to) {
    Set<String> ids = new LinkedHashSet<>(tasks.stream().map(HistoricTaskInstance::getId).toList());
    Date earliest =
        tasks.stream().map(HistoricTaskInstance::getStartTime).min(Date::compareTo).orElseThrow();
    var claimed = new HashMap<String, Instant>();
    pages(
            first ->
                historyService
                    .createHistoricIdentityLinkLogQuery()
                    .processDefinitionKey(ReleaseProcess.KEY)
                    .type(IdentityLinkType.ASSIGNEE)
                    .operationType("add")
                    .dateAfter(new Date(earliest.getTime() - 1))
                    .dateBefore(Date.from(to))
                    .orderByTime()
                    .asc()
                    .listPage(first, CHUNK))
        .stream()
        .filter(link -> ids.contains(link.getTaskId()))
        .forEach(
            link ->
                claimed.merge(
                    link.getTaskId(), link.getTime().toInstant(), (a, b) -> a.isBefore(b) ? a : b));
    return claimed;
  }

  /**
   * The approval rounds decided within [from, to) by people (a release manager, or the CAB's two members), each from
   * its first approval task's creation to its last one's end.
   */
  List<Counted> approvalRounds(Instant from, Instant to) {
    Map<String, List<HistoricActivityInstance>> rounds = new LinkedHashMap<>();
    for (String activity :
        List.of(Elements.TASK_APPROVE_AS_RELEASE_MANAGER, Elements.TASK_APPROVE_AS_CAB_MEMBER)) {
      pages(
              first ->
                  historyService
                      .createHistoricActivityInstanceQuery()
                      .activityId(activity)
                      .finished()
                      .finishedAfter(Date.from(from))
                      .finishedBefore(Date.from(to))
                      .orderByHistoricActivityInstanceId()
                      .asc()
                      .listPage(first, CHUNK))
          .forEach(
              task ->
                  rounds
                      .computeIfAbsent(
                          activity.equals(Elements.TASK_APPROVE_AS_CAB_MEMBER)
                              ? task.getParentActivityInstanceId()
                              : task.getId(),
                          round -> new ArrayList<>())
                      .add(task));
    }
    Map<String, HistoricProcessInstance> releases =
        releases(
            rounds.values().stream()
                .map(round -> round.get(0).getProcessInstanceId())
                .distinct()
                .toList());
    Map<String, String> services = services(List.copyOf(releases.keySet()));
    var counted = new ArrayList<Counted>();
    rounds
        .values()
        .forEach(
            round -> {
              Instant start =
                  round.stream()
                      .map(t -> t.getStartTime().toInstant())
                      .min(Instant::compareTo)
                      .orElseThrow();
              Instant end =
                  round.stream()
                      .map(t -> t.getEndTime().toInstant())
                      .max(Instant::compareTo)
                      .orElseThrow();
              HistoricProcessInstance release = releases.get(round.get(0).getProcessInstanceId());
              if (release != null && end.isBefore(to)) {
                counted.add(
                    new Counted(
                        release.getBusinessKey(),
                        services.get(release.getId()),
                        end,
                        Stats.round(Stats.hours(start, end))));
              }
            });
    return counted;
  }

  /**
   * How long the releases that ended within [from, to) spent in each phase: the time any of their steps in that
   * phase was under way (steps at once, or the same phase twice, counted once).
   */
  List<PhaseTime> timePerPhase(Instant from, Instant to, String service) {
    List<HistoricProcessInstance> ended =
        pages(
                first ->
                    historyService
                        .createHistoricProcessInstanceQuery()
                        .processDefinitionKey(ReleaseProcess.KEY)
                        .finished()
                        .finishedAfter(Date.from(from))
                        .finishedBefore(Date.from(to))
                        .orderByProcessInstanceId()
                        .asc()
                        .listPage(first, CHUNK))
            .stream()
            .filter(release -> release.getEndTime().toInstant().isBefore(to))
            .toList();
    if (service != null) {
      Map<String, String> services =
          services(ended.stream().map(HistoricProcessInstance::getId).toList());
      ended =
          ended.stream().filter(release -> service.equals(services.get(release.getId()))).toList();
    }
    Map<String, List<Double>> hoursPerPhase = new LinkedHashMap<>();
    newestPhases().forEach(phase -> hoursPerPhase.put(phase, new ArrayList<>()));
    for (HistoricProcessInstance release : ended) {
      Map<String, String> phaseOf = phases.of(release.getProcessDefinitionId()).phaseOfActivity();
      Map<String, List<Instant[]>> spans = new HashMap<>();
      pages(
              first ->
                  historyService
                      .createHistoricActivityInstanceQuery()
                      .processInstanceId(release.getId())
                      .finished()
                      .orderByHistoricActivityInstanceId()
                      .asc()
                      .listPage(first, CHUNK))
          .forEach(
              activity -> {
                String phase = phaseOf.get(activity.getActivityId());
                if (phase != null) {
                  spans
                      .computeIfAbsent(phase, p -> new ArrayList<>())
                      .add(
                          new Instant[] {
                            activity.getStartTime().toInstant(), activity.getEndTime().toInstant()
                          });
                }
              });
      spans.forEach(
          (phase, intervals) ->
              hoursPerPhase
                  .computeIfAbsent(phase, p -> new ArrayList<>())
                  .add(Stats.hours(Instant.EPOCH, Instant.EPOCH.plusMillis(covered(intervals)))));
    }
    var times = new ArrayList<PhaseTime>();
    hoursPerPhase.forEach(
        (phase, hours) -> {
          Durations durations = Durations.of(hours);
          times.add(
              new PhaseTime(phase, hours.size(), durations.medianHours(), durations.p90Hours()));
        });
    return times;
  }

  /** Milliseconds covered by the union of the intervals. */
  static long covered(List<Instant[]> intervals) {
    List<Instant[]> sorted =
        intervals.stream().sorted(Comparator.comparing((Instant[] i) -> i[0])).toList();
    long covered = 0;
    Instant start = null;
    Instant end = null;
    for (Instant[] interval : sorted) {
      if (end == null || interval[0].isAfter(end)) {
        if (end != null) {
          covered += end.toEpochMilli() - start.toEpochMilli();
        }
        start = interval[0];
        end = interval[1];
      } else if (interval[1].isAfter(end)) {
        end = interval[1];
      }
    }
    return end == null ? 0 : covered + end.toEpochMilli() - start.toEpochMilli();
  }

  private List<String> newestPhases() {
    return repositoryService
        .createProcessDefinitionQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .latestVersion()
        .listPage(0, 1)
        .stream()
        .findFirst()
        .map(ProcessDefinition::getId)
        .map(phases::of)
        .map(Phases.Model::phases)
        .orElse(List.of());
  }

  private Map<String, HistoricProcessInstance> releases(List<String> ids) {
    var releases = new HashMap<String, HistoricProcessInstance>();
    for (List<String> chunk : chunks(ids)) {
      historyService
          .createHistoricProcessInstanceQuery()
          .processInstanceIds(Set.copyOf(chunk))
          .listPage(0, chunk.size())
          .forEach(release -> releases.put(release.getId(), release));
    }
    return releases;
  }

  private Map<String, String> services(List<String> ids) {
    var services = new HashMap<String, String>();
    for (List<String> chunk : chunks(ids)) {
      pages(
              first ->
                  historyService
                      .createHistoricVariableInstanceQuery()
                      .processInstanceIdIn(chunk.toArray(String[]::new))
                      .variableNameIn(ReleaseProcess.Variables.SERVICE.getName())
                      .orderByProcessInstanceId()
                      .asc()
                      .listPage(first, CHUNK))
          .stream()
          .filter(variable -> variable.getValue() != null)
          .forEach(
              variable ->
                  services.put(variable.getProcessInstanceId(), variable.getValue().toString()));
    }
    return services;
  }
}
