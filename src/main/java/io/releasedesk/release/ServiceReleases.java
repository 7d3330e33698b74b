package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_RULE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;

import io.holunda.camunda.bpm.data.factory.VariableFactory;
import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.engine.RequestParameters;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.springframework.stereotype.Service;

/**
 * The releases of a service, newest first, from the engine's history: what a release manager asks when deciding what
 * is in production and what came before. The engine checks the caller's permissions: whoever may read the releases'
 * history (release managers, release viewers, administrators) sees them all, others none.
 */
@Service
public class ServiceReleases {

  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;
  private static final List<String> FACTS =
      Stream.of(VERSION, CANDIDATE_COMMIT, APPROVAL_DECISION, APPROVED_BY, APPROVAL_RULE)
          .map(VariableFactory::getName)
          .toList();

  /**
   * One release of the service.
   *
   * @param sha the commit of its last release candidate: what QA verified and what production got
   * @param outcome {@code in progress}, {@code released}, {@code rolled back} or {@code cancelled}
   * @param approvedBy who approved it, in order; empty while nobody has and when the rules approved it
   * @param approvalRule for an automatic approval, the rule that allowed it
   */
  public record Release(
      String releaseKey,
      String version,
      String sha,
      String outcome,
      Date requestedAt,
      Date finishedAt,
      String requestedBy,
      List<String> approvedBy,
      String approvalRule,
      String processInstanceId) {}

  /** A page of the service's releases, and how many there are in all. */
  public record Page(
      String service, long total, int firstResult, int maxResults, List<Release> releases) {}

  private final HistoryService historyService;
  private final ServiceCatalog catalog;

  public ServiceReleases(HistoryService historyService, ServiceCatalog catalog) {
    this.historyService = historyService;
    this.catalog = catalog;
  }

  /**
   * @param firstResult how many of the newest to skip (default 0)
   * @param maxResults how many to return, 1 to {@value #MAX_PAGE_SIZE} (default {@value #DEFAULT_PAGE_SIZE})
   * @throws ReleaseNotFoundException when the service is neither in the catalog nor has a release on record
   * @throws InvalidInputException when the paging parameters are not whole numbers in their range
   */
  Page of(String service, String firstResult, String maxResults) {
    int first = RequestParameters.wholeNumber("firstResult", firstResult, 0, 0, Integer.MAX_VALUE);
    int max =
        RequestParameters.wholeNumber(
            "maxResults", maxResults, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    long total = query(service).count();
    if (total == 0 && catalog.find(service).isEmpty()) {
      throw new ReleaseNotFoundException(
          "No service '"
              + service
              + "': it is not in the service catalog ("
              + String.join(", ", catalog.services().stream().map(ServiceDefinition::name).toList())
              + ") and no release of it is on record");
    }
    List<HistoricProcessInstance> releases =
        query(service).orderByProcessInstanceStartTime().desc().listPage(first, max);
    Map<String, Map<String, Object>> facts = facts(releases);
    return new Page(
        service,
        total,
        first,
        max,
        releases.stream()
            .map(release -> release(release, facts.getOrDefault(release.getId(), Map.of())))
            .toList());
  }

  private HistoricProcessInstanceQuery query(String service) {
    return historyService
        .createHistoricProcessInstanceQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .variableValueEquals(SERVICE.getName(), service);
  }

  /** The facts of each release on the page, by process instance id, read in one query. */
  private Map<String, Map<String, Object>> facts(List<HistoricProcessInstance> releases) {
    var facts = new HashMap<String, Map<String, Object>>();
    if (releases.isEmpty()) {
      return facts;
    }
    historyService
        .createHistoricVariableInstanceQuery()
        .processInstanceIdIn(
            releases.stream().map(HistoricProcessInstance::getId).toArray(String[]::new))
        .variableNameIn(FACTS.toArray(String[]::new))
        .listPage(0, releases.size() * FACTS.size() * 2)
        .forEach(
            variable ->
                facts
                    .computeIfAbsent(variable.getProcessInstanceId(), id -> new HashMap<>())
                    .put(variable.getName(), variable.getValue()));
    return facts;
  }

  private static Release release(HistoricProcessInstance release, Map<String, Object> facts) {
    boolean approved = "approve".equals(facts.get(APPROVAL_DECISION.getName()));
    String approvedBy = approved ? (String) facts.get(APPROVED_BY.getName()) : null;
    return new Release(
        release.getBusinessKey(),
        (String) facts.get(VERSION.getName()),
        (String) facts.get(CANDIDATE_COMMIT.getName()),
        Releases.outcome(release),
        release.getStartTime(),
        release.getEndTime(),
        release.getStartUserId(),
        approvedBy == null
            ? List.of()
            : Arrays.stream(approvedBy.split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .toList(),
        approved ? (String) facts.get(APPROVAL_RULE.getName()) : null,
        release.getId());
  }
}
