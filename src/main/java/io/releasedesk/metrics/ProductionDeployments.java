package io.releasedesk.metrics;

import static io.releasedesk.release.ReleaseProcess.Variables.FIRST_COMMIT_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_REPORTED_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_CLASSIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.REPAIRS_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;

import io.holunda.camunda.bpm.data.factory.VariableFactory;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.Releases;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Component;

/**
 * The production deployments of releases as the engine's history holds them: each release's call of "Deploy to
 * production and verify" that ended, healthy (it completed) or not (its failure path interrupted it), with the facts
 * of the release the metrics need. Nothing is recorded for the metrics beside the releases' own history. Every query
 * is paged, and reads the releases of a page at once.
 */
@Component
class ProductionDeployments {

  /** Rows of one engine query, and ids in one IN clause: well within the engine's limit of 2000. */
  static final int CHUNK = 500;

  private static final String[] FACTS =
      Stream.of(
              SERVICE,
              RELEASE_CLASSIFICATION,
              INCIDENT_REPORTED_AT,
              REPAIRS_RELEASE,
              FIRST_COMMIT_AT)
          .map(VariableFactory::getName)
          .toArray(String[]::new);

  /**
   * One release's production deployment.
   *
   * @param healthy whether the deployment completed healthy, rather than failing and being rolled back
   * @param classification successful, degraded or failed; a release rolled back without one counts as failed; null
   *     while the release is not classified yet
   * @param firstCommitAt when its oldest shipped commit was committed; null when not known
   */
  record Delivery(
      String processInstanceId,
      String releaseKey,
      String service,
      Instant requestedAt,
      Instant firstCommitAt,
      Instant productionAt,
      boolean healthy,
      String classification,
      Instant incidentReportedAt,
      String repairsRelease) {

    boolean failed() {
      return "failed".equals(classification);
    }
  }

  private final HistoryService historyService;

  ProductionDeployments(HistoryService historyService) {
    this.historyService = historyService;
  }

  /** The production deployments that ended within [from, to), oldest first. */
  List<Delivery> between(Instant from, Instant to) {
    List<HistoricActivityInstance> deployments =
        pages(
                first ->
                    historyService
                        .createHistoricActivityInstanceQuery()
                        .activityId(ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
                        .finishedAfter(Date.from(from))
                        .finishedBefore(Date.from(to))
                        .orderByHistoricActivityInstanceEndTime()
                        .asc()
                        .orderByHistoricActivityInstanceId()
                        .asc()
                        .listPage(first, CHUNK))
            .stream()
            .filter(deployment -> deployment.getEndTime().toInstant().isBefore(to))
            .toList();
    return of(deployments);
  }

  /** The production deployments of the releases with these keys (service@version), whenever they ended. */
  List<Delivery> ofReleases(Set<String> releaseKeys) {
    if (releaseKeys.isEmpty()) {
      return List.of();
    }
    List<String> instances = new ArrayList<>();
    for (List<String> chunk : chunks(List.copyOf(releaseKeys))) {
      pages(
              first ->
                  historyService
                      .createHistoricProcessInstanceQuery()
                      .processDefinitionKey(ReleaseProcess.KEY)
                      .processInstanceBusinessKeyIn(chunk.toArray(String[]::new))
                      .orderByProcessInstanceId()
                      .asc()
                      .listPage(first, CHUNK))
          .forEach(release -> instances.add(release.getId()));
    }
    List<HistoricActivityInstance> deployments = new ArrayList<>();
    for (String instance : instances) {
      deployments.addAll(
          historyService
              .createHistoricActivityInstanceQuery()
              .processInstanceId(instance)
              .activityId(ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
              .finished()
              .orderByHistoricActivityInstanceEndTime()
              .asc()
              .listPage(0, CHUNK));
    }
    return of(deployments);
  }

  private List<Delivery> of(List<HistoricActivityInstance> deployments) {
    List<String> ids =
        deployments.stream()
            .map(HistoricActivityInstance::getProcessInstanceId)
            .distinct()
            .toList();
    Map<String, HistoricProcessInstance> releases = new HashMap<>();
    Map<String, Map<String, Object>> facts = new HashMap<>();
    for (List<String> chunk : chunks(ids)) {
      historyService
          .createHistoricProcessInstanceQuery()
          .processInstanceIds(Set.copyOf(chunk))
          .listPage(0, chunk.size())
          .forEach(release -> releases.put(release.getId(), release));
      pages(
              first ->
                  historyService
                      .createHistoricVariableInstanceQuery()
                      .processInstanceIdIn(chunk.toArray(String[]::new))
                      .variableNameIn(FACTS)
                      .disableBinaryFetching()
                      .orderByProcessInstanceId()
                      .asc()
                      .listPage(first, CHUNK))
          .stream()
          .filter(
              variable ->
                  variable.getExecutionId() == null
                      || variable.getExecutionId().equals(variable.getProcessInstanceId()))
          .filter(variable -> variable.getValue() != null)
          .forEach(
              variable ->
                  facts
                      .computeIfAbsent(variable.getProcessInstanceId(), id -> new HashMap<>())
                      .put(variable.getName(), variable.getValue()));
    }
    var deliveries = new ArrayList<Delivery>();
    for (HistoricActivityInstance deployment : deployments) {
      HistoricProcessInstance release = releases.get(deployment.getProcessInstanceId());
      if (release == null) {
        continue; // deleted since, or not readable by the caller
      }
      Map<String, Object> fact = facts.getOrDefault(release.getId(), Map.of());
      boolean healthy = !deployment.isCanceled();
      String classification = text(fact, RELEASE_CLASSIFICATION);
      if (classification == null && "rolled back".equals(Releases.outcome(release))) {
        classification = "failed";
      }
      deliveries.add(
          new Delivery(
              release.getId(),
              release.getBusinessKey(),
              text(fact, SERVICE),
              release.getStartTime().toInstant(),
              instant(fact, FIRST_COMMIT_AT),
              deployment.getEndTime().toInstant(),
              healthy,
              classification,
              instant(fact, INCIDENT_REPORTED_AT),
              text(fact, REPAIRS_RELEASE)));
    }
    return deliveries;
  }

  private static String text(Map<String, Object> facts, VariableFactory<String> variable) {
    Object value = facts.get(variable.getName());
    return value == null || value.toString().isBlank() ? null : value.toString().strip();
  }

  /** An ISO-8601 instant; null when absent or not one (then the metric falls back or leaves the release out). */
  private static Instant instant(Map<String, Object> facts, VariableFactory<String> variable) {
    String value = text(facts, variable);
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Every row of a query, page by page. */
  static <T> List<T> pages(Function<Integer, List<T>> page) {
    List<T> all = new ArrayList<>();
    List<T> rows;
    do {
      rows = page.apply(all.size());
      all.addAll(rows);
    } while (rows.size() == CHUNK);
    return all;
  }

  static List<List<String>> chunks(List<String> ids) {
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      chunks.add(ids.subList(from, Math.min(ids.size(), from + CHUNK)));
    }
    return chunks;
  }
}
