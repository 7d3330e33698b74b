package io.releasedesk.improvement;

import static io.releasedesk.improvement.ImprovementAction.Variables.DUE;
import static io.releasedesk.improvement.ImprovementAction.Variables.NOTE;
import static io.releasedesk.improvement.ImprovementAction.Variables.OUTCOME;
import static io.releasedesk.improvement.ImprovementAction.Variables.OWNER;
import static io.releasedesk.improvement.ImprovementAction.Variables.RELEASE_KEY;
import static io.releasedesk.improvement.ImprovementAction.Variables.SERVICE;
import static io.releasedesk.improvement.ImprovementAction.Variables.WHAT;

import io.holunda.camunda.bpm.data.factory.VariableFactory;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.engine.RequestParameters;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;

/**
 * The action items of retrospectives, from the engine's history: open while their owner has not completed them, else
 * done or dropped. Reads whatever the caller's engine permissions allow; callers that list for everyone run it
 * without authorization.
 */
public class ActionItems {

  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 200;
  static final List<String> STATES =
      List.of("open", ImprovementAction.DONE, ImprovementAction.DROPPED);
  private static final List<String> FACTS =
      Stream.of(SERVICE, RELEASE_KEY, WHAT, OWNER, DUE, OUTCOME, NOTE)
          .map(VariableFactory::getName)
          .toList();

  /**
   * One action item.
   *
   * @param key its business key, {@code <releaseKey>#<n>}
   * @param state {@code open}, {@code done} or {@code dropped}
   * @param closedAt when its owner completed it; null while open
   */
  public record Item(
      String key,
      String releaseKey,
      String service,
      String what,
      String owner,
      String due,
      String state,
      String note,
      Date agreedAt,
      Date closedAt) {}

  /** A page of items, oldest first, and how many match in all. */
  public record Page(long total, int firstResult, int maxResults, List<Item> items) {}

  private final HistoryService history;

  public ActionItems(HistoryService history) {
    this.history = history;
  }

  /**
   * @param service only this service's items; all when null or blank
   * @param state {@code open}, {@code done} or {@code dropped}; all when null or blank
   * @throws InvalidInputException when the state or the paging parameters are not valid
   */
  public Page page(String service, String state, String firstResult, String maxResults) {
    int first = RequestParameters.wholeNumber("firstResult", firstResult, 0, 0, Integer.MAX_VALUE);
    int max =
        RequestParameters.wholeNumber(
            "maxResults", maxResults, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    String wanted = state == null ? "" : state.strip();
    if (!wanted.isEmpty() && !STATES.contains(wanted)) {
      throw new InvalidInputException(
          "'state' must be one of " + String.join(", ", STATES) + ", not '" + state + "'");
    }
    String ofService = service == null || service.isBlank() ? null : service.strip();
    long total = query(ofService, wanted).count();
    List<HistoricProcessInstance> instances =
        query(ofService, wanted).orderByProcessInstanceStartTime().asc().listPage(first, max);
    return new Page(total, first, max, items(instances));
  }

  /** The service's open items, oldest first (at most a page of the largest size). */
  public List<Item> open(String service) {
    return items(
        query(service, "open").orderByProcessInstanceStartTime().asc().listPage(0, MAX_PAGE_SIZE));
  }

  /** The items a release's retrospective agreed, in any state, oldest first. */
  public List<Item> ofRelease(String releaseKey) {
    return items(
        query(null, "")
            .variableValueEquals(RELEASE_KEY.getName(), releaseKey)
            .orderByProcessInstanceStartTime()
            .asc()
            .listPage(0, MAX_PAGE_SIZE));
  }

  /** The open items as the plan of a release of the service shows them, one Markdown line each; null if none. */
  public String openAsText(String service) {
    List<Item> open = open(service);
    if (open.isEmpty()) {
      return null;
    }
    return open.stream()
        .map(
            item ->
                "- "
                    + item.what()
                    + " — "
                    + item.owner()
                    + ", due "
                    + item.due()
                    + " (from "
                    + item.releaseKey()
                    + ")")
        .collect(Collectors.joining("\n"));
  }

  private HistoricProcessInstanceQuery query(String service, String state) {
    var query =
        history.createHistoricProcessInstanceQuery().processDefinitionKey(ImprovementAction.KEY);
    if (service != null) {
      query.variableValueEquals(SERVICE.getName(), service);
    }
    switch (state) {
      case "open" -> query.unfinished();
      case ImprovementAction.DONE, ImprovementAction.DROPPED ->
          query.finished().variableValueEquals(OUTCOME.getName(), state);
      default -> {}
    }
    return query;
  }

  private List<Item> items(List<HistoricProcessInstance> instances) {
    var facts = new HashMap<String, Map<String, Object>>();
    if (!instances.isEmpty()) {
      history
          .createHistoricVariableInstanceQuery()
          .processInstanceIdIn(
              instances.stream().map(HistoricProcessInstance::getId).toArray(String[]::new))
          .variableNameIn(FACTS.toArray(String[]::new))
          .listPage(0, instances.size() * FACTS.size() * 2)
          .forEach(
              variable ->
                  facts
                      .computeIfAbsent(variable.getProcessInstanceId(), id -> new HashMap<>())
                      .put(variable.getName(), variable.getValue()));
    }
    return instances.stream()
        .map(
            instance -> {
              Map<String, Object> of = facts.getOrDefault(instance.getId(), Map.of());
              String outcome = (String) of.get(OUTCOME.getName());
              String state = instance.getEndTime() == null ? "open" : outcome;
              return new Item(
                  instance.getBusinessKey(),
                  (String) of.get(RELEASE_KEY.getName()),
                  (String) of.get(SERVICE.getName()),
                  (String) of.get(WHAT.getName()),
                  (String) of.get(OWNER.getName()),
                  (String) of.get(DUE.getName()),
                  state,
                  (String) of.get(NOTE.getName()),
                  instance.getStartTime(),
                  instance.getEndTime());
            })
        .toList();
  }
}
