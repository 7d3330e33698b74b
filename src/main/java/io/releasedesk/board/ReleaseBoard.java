package io.releasedesk.board;

import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;

import io.holunda.camunda.bpm.data.factory.VariableFactory;
import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.engine.RequestParameters;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.Releases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;

/**
 * All releases at once: those running and those finished lately, one row each, with the phase a running one is in,
 * whom it waits for, its dates, risk and candidate. Each person is shown what they may read: release managers, viewers
 * and administrators every release; the other participants the releases they are (or were) given a task in, while
 * they run (they read no history). For those who read every release, the database filters, orders and pages the
 * releases in one query ({@link BoardQuery}); for the others, every query that decides which releases are listed runs
 * as the caller, so the engine applies its permissions, and those few releases are filtered and ordered here. Either
 * way, what a row shows besides (version, risk, candidate, requester, phase, open tasks) is read for the requested
 * page only, all releases of the page at once, so a page costs little more as releases pile up.
 */
@Service
public class ReleaseBoard {

  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;

  /** Rows of one engine query, and ids in one IN clause: well within the engine's limit of 2000. */
  static final int CHUNK = 500;

  static final List<String> OUTCOMES =
      List.of("in progress", "released", "rolled back", "cancelled");

  /** The facts the filters and the order need: read for every release. */
  private static final List<String> KEY_FACTS =
      Stream.of(SERVICE, TARGET_DATE).map(VariableFactory::getName).toList();

  /** The other facts a row shows: read only for the releases of the requested page. */
  private static final List<String> SHOWN_FACTS =
      Stream.of(VERSION, RISK_LEVEL, CANDIDATE_VERSION, CANDIDATE_COMMIT, REQUESTED_BY)
          .map(VariableFactory::getName)
          .toList();

  private static final List<String> ALL_FACTS =
      Stream.concat(KEY_FACTS.stream(), SHOWN_FACTS.stream()).toList();

  /** An open task of a release: whom the release waits for. */
  public record Waiting(
      String taskId, String name, List<String> candidateGroups, String assignee, Date due) {}

  /**
   * One release on the board.
   *
   * @param phase the group of the lifecycle diagram its current step lies in; null once it has finished
   * @param outcome {@code in progress}, {@code released}, {@code rolled back} or {@code cancelled}
   * @param targetDate as requested and planned, {@code yyyy-MM-dd}
   */
  public record Row(
      String releaseKey,
      String processInstanceId,
      String service,
      String version,
      String phase,
      String outcome,
      List<Waiting> waitingOn,
      Date requestedAt,
      String requestedBy,
      String targetDate,
      Date finishedAt,
      String risk,
      String candidateVersion,
      String candidateCommit) {}

  /**
   * A page of the board.
   *
   * @param phases the lifecycle's phases, in order: what the phase filter accepts
   */
  public record Page(
      long total, int firstResult, int maxResults, List<String> phases, List<Row> releases) {}

  private final RuntimeService runtimeService;
  private final HistoryService historyService;
  private final TaskService taskService;
  private final ProcessEngineConfigurationImpl engine;
  private final ServiceCatalog catalog;
  private final Phases phases;
  private final BoardProperties properties;
  private final BoardQuery query;

  ReleaseBoard(
      RuntimeService runtimeService,
      HistoryService historyService,
      TaskService taskService,
      ProcessEngineConfigurationImpl engine,
      ServiceCatalog catalog,
      Phases phases,
      BoardProperties properties,
      BoardQuery query) {
    this.runtimeService = runtimeService;
    this.historyService = historyService;
    this.taskService = taskService;
    this.engine = engine;
    this.catalog = catalog;
    this.phases = phases;
    this.properties = properties;
    this.query = query;
  }

  /**
   * @throws InvalidInputException for a filter or paging value that is not one of those allowed, saying which are
   */
  Page page(String service, String phase, String outcome, String firstResult, String maxResults) {
    int first = RequestParameters.wholeNumber("firstResult", firstResult, 0, 0, Integer.MAX_VALUE);
    int max =
        RequestParameters.wholeNumber(
            "maxResults", maxResults, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    List<String> knownPhases = knownPhases();
    String serviceFilter = blankToNull(service);
    if (serviceFilter != null && catalog.find(serviceFilter).isEmpty()) {
      throw new InvalidInputException(
          "'service' must be a service of the catalog ("
              + String.join(", ", catalog.services().stream().map(ServiceDefinition::name).toList())
              + "), not '"
              + service
              + "'");
    }
    String phaseFilter = oneOf("phase", phase, knownPhases);
    String outcomeFilter = oneOf("outcome", outcome, OUTCOMES);
    if (readsEveryRelease()) {
      return everyRelease(serviceFilter, phaseFilter, outcomeFilter, first, max, knownPhases);
    }

    Listed releases = listed();
    Map<String, String> phaseOf =
        phaseFilter == null ? Map.of() : phasesOf(releases.running(), releases.all());
    List<Row> matching =
        rows(releases, phaseOf, facts(releases.running(), releases.all(), KEY_FACTS)).stream()
            .filter(row -> serviceFilter == null || serviceFilter.equals(row.service()))
            .filter(row -> phaseFilter == null || phaseFilter.equals(row.phase()))
            .filter(row -> outcomeFilter == null || outcomeFilter.equals(row.outcome()))
            .sorted(
                Comparator.comparing(
                        Row::targetDate, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(
                        Row::releaseKey, Comparator.nullsLast(Comparator.naturalOrder())))
            .toList();
    List<Row> page = matching.stream().skip(first).limit(max).toList();
    Listed shown = releases.only(page);
    return new Page(
        matching.size(),
        first,
        max,
        knownPhases,
        withWaitingOn(
            completed(
                page,
                shown,
                phaseFilter == null ? null : phaseOf,
                facts(shown.running(), shown.all(), SHOWN_FACTS))));
  }

  /**
   * Whether the caller may read every release, running and finished: then the database filters, orders and pages
   * them ({@link BoardQuery}). So may release managers, release viewers and administrators, and Java code that runs
   * as no one (the engine checks no permission for it). Anyone else is shown the releases the engine's own queries
   * let them read.
   */
  private boolean readsEveryRelease() {
    Authentication caller = engine.getIdentityService().getCurrentAuthentication();
    if (!engine.isAuthorizationEnabled() || caller == null || caller.getUserId() == null) {
      return true;
    }
    AuthorizationService authorizations = engine.getAuthorizationService();
    String user = caller.getUserId();
    List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    boolean readsHistory =
        authorizations.isUserAuthorized(
            user,
            groups,
            ProcessDefinitionPermissions.READ_HISTORY,
            Resources.PROCESS_DEFINITION,
            ReleaseProcess.KEY);
    boolean readsRunning =
        authorizations.isUserAuthorized(
                user, groups, Permissions.READ, Resources.PROCESS_INSTANCE, Authorization.ANY)
            || authorizations.isUserAuthorized(
                user,
                groups,
                ProcessDefinitionPermissions.READ_INSTANCE,
                Resources.PROCESS_DEFINITION,
                ReleaseProcess.KEY);
    return readsHistory && readsRunning;
  }

  /**
   * A page of the board for a caller who reads every release: which releases, in which order, and how many match,
   * from one query and one count in the database; what the rows show, for the page's releases only.
   */
  private Page everyRelease(
      String service, String phase, String outcome, int first, int max, List<String> knownPhases) {
    Set<String> phaseActivities = null;
    Set<String> laterActivities = null;
    if (phase != null) {
      Map<String, Set<String>> activitiesOfPhase = activitiesOfPhase(releaseModels());
      phaseActivities = activitiesOfPhase.getOrDefault(phase, Set.of());
      laterActivities = new LinkedHashSet<>();
      boolean later = false;
      for (var each : activitiesOfPhase.entrySet()) {
        if (later) {
          laterActivities.addAll(each.getValue());
        }
        later |= each.getKey().equals(phase);
      }
    }
    Date since = Date.from(Instant.now().minus(properties.finishedWithin()));
    BoardQuery.Result matching =
        query.page(
            new BoardQuery.Filters(service, phaseActivities, laterActivities, outcome, since),
            first,
            max);
    List<String> ids = matching.processInstanceIds();
    Map<String, HistoricProcessInstance> byId =
        ids.isEmpty()
            ? Map.of()
            : withoutAuthorization(
                    () ->
                        historyService
                            .createHistoricProcessInstanceQuery()
                            .processInstanceIds(Set.copyOf(ids))
                            .listPage(0, ids.size()))
                .stream()
                .collect(Collectors.toMap(HistoricProcessInstance::getId, release -> release));
    List<HistoricProcessInstance> shown =
        ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    List<String> running =
        shown.stream()
            .filter(release -> release.getEndTime() == null)
            .map(HistoricProcessInstance::getId)
            .toList();
    Listed page = new Listed(running, shown);
    // the caller reads every release and its history: each fact as history keeps it, one query for
    // all
    Map<String, Map<String, Object>> facts =
        withoutAuthorization(() -> facts(List.of(), shown, ALL_FACTS));
    return new Page(
        matching.total(),
        first,
        max,
        knownPhases,
        withWaitingOn(completed(rows(page, Map.of(), facts), page, null, facts)));
  }

  /** The ids of every deployed version of the release model. */
  private List<String> releaseModels() {
    return withoutAuthorization(
            () ->
                pages(
                    first ->
                        engine
                            .getRepositoryService()
                            .createProcessDefinitionQuery()
                            .processDefinitionKey(ReleaseProcess.KEY)
                            .orderByProcessDefinitionVersion()
                            .asc()
                            .listPage(first, CHUNK)))
        .stream()
        .map(ProcessDefinition::getId)
        .toList();
  }

  /**
   * The releases the caller may read: the ids of the running ones, and the history of those and of the ones
   * finished within the period.
   */
  private record Listed(List<String> running, List<HistoricProcessInstance> all) {

    /** Those of the releases that are on this page. */
    Listed only(List<Row> page) {
      Set<String> ids = page.stream().map(Row::processInstanceId).collect(Collectors.toSet());
      return new Listed(
          running.stream().filter(ids::contains).toList(),
          all.stream().filter(release -> ids.contains(release.getId())).toList());
    }
  }

  private Listed listed() {
    // running: the caller's READ on the release decides
    List<String> running = new ArrayList<>();
    pages(
            first ->
                runtimeService
                    .createProcessInstanceQuery()
                    .processDefinitionKey(ReleaseProcess.KEY)
                    .orderByProcessInstanceId()
                    .asc()
                    .listPage(first, CHUNK))
        .forEach(instance -> running.add(instance.getId()));
    // finished lately: the caller's READ_HISTORY decides
    Date since = Date.from(Instant.now().minus(properties.finishedWithin()));
    List<HistoricProcessInstance> releases =
        new ArrayList<>(
            pages(
                first ->
                    historyService
                        .createHistoricProcessInstanceQuery()
                        .processDefinitionKey(ReleaseProcess.KEY)
                        .finished()
                        .finishedAfter(since)
                        .orderByProcessInstanceId()
                        .asc()
                        .listPage(first, CHUNK)));
    // the dates of the running releases the caller may read, which the engine keeps in history only
    for (List<String> chunk : chunks(running)) {
      releases.addAll(
          withoutAuthorization(
              () ->
                  historyService
                      .createHistoricProcessInstanceQuery()
                      .processInstanceIds(Set.copyOf(chunk))
                      .listPage(0, chunk.size())));
    }
    // a release that ended while the board was read is in both lists: once
    releases =
        new ArrayList<>(
            releases.stream()
                .collect(
                    Collectors.toMap(
                        HistoricProcessInstance::getId,
                        release -> release,
                        (before, after) -> after,
                        LinkedHashMap::new))
                .values());
    return new Listed(running, releases);
  }

  /**
   * A row for every release, with only what the filters and the order need: its key, dates, outcome, service and
   * target date, and its phase when one is given.
   */
  private List<Row> rows(
      Listed releases, Map<String, String> phaseOf, Map<String, Map<String, Object>> facts) {
    return releases.all().stream()
        .map(
            release -> {
              Map<String, Object> fact = facts.getOrDefault(release.getId(), Map.of());
              return new Row(
                  release.getBusinessKey(),
                  release.getId(),
                  text(fact, SERVICE),
                  null,
                  phaseOf.get(release.getId()),
                  Releases.outcome(release),
                  List.of(),
                  release.getStartTime(),
                  null,
                  text(fact, TARGET_DATE),
                  release.getEndTime(),
                  null,
                  null,
                  null);
            })
        .toList();
  }

  /**
   * The rows of a page with the facts they show and, unless a filter read them already, their phases.
   *
   * @param shown the page's releases
   */
  private List<Row> completed(
      List<Row> page,
      Listed shown,
      Map<String, String> phases,
      Map<String, Map<String, Object>> facts) {
    Map<String, String> phaseOf = phases != null ? phases : phasesOf(shown.running(), shown.all());
    Map<String, String> startedBy =
        shown.all().stream()
            .filter(release -> release.getStartUserId() != null)
            .collect(
                Collectors.toMap(
                    HistoricProcessInstance::getId, HistoricProcessInstance::getStartUserId));
    return page.stream()
        .map(
            row -> {
              Map<String, Object> fact = facts.getOrDefault(row.processInstanceId(), Map.of());
              return new Row(
                  row.releaseKey(),
                  row.processInstanceId(),
                  row.service(),
                  text(fact, VERSION),
                  phaseOf.get(row.processInstanceId()),
                  row.outcome(),
                  row.waitingOn(),
                  row.requestedAt(),
                  Objects.requireNonNullElseGet(
                      text(fact, REQUESTED_BY), () -> startedBy.get(row.processInstanceId())),
                  row.targetDate(),
                  row.finishedAt(),
                  text(fact, RISK_LEVEL),
                  text(fact, CANDIDATE_VERSION),
                  text(fact, CANDIDATE_COMMIT));
            })
        .toList();
  }

  /** The facts of each release, read as the caller: running ones from the runtime, finished ones from history. */
  private Map<String, Map<String, Object>> facts(
      List<String> running, List<HistoricProcessInstance> releases, List<String> wanted) {
    var facts = new HashMap<String, Map<String, Object>>();
    String[] names = wanted.toArray(String[]::new);
    for (List<String> chunk : chunks(running)) {
      pages(
              first ->
                  runtimeService
                      .createVariableInstanceQuery()
                      .processInstanceIdIn(chunk.toArray(String[]::new))
                      .variableNameIn(names)
                      .orderByVariableName()
                      .asc()
                      .listPage(first, CHUNK))
          .stream()
          .filter(variable -> variable.getExecutionId().equals(variable.getProcessInstanceId()))
          .forEach(
              variable ->
                  facts
                      .computeIfAbsent(variable.getProcessInstanceId(), id -> new HashMap<>())
                      .put(variable.getName(), variable.getValue()));
    }
    // finished ones, and running ones that ended while the board was read (their runtime variables
    // are gone)
    List<String> finished =
        releases.stream()
            .map(HistoricProcessInstance::getId)
            .filter(id -> !facts.containsKey(id))
            .toList();
    for (List<String> chunk : chunks(finished)) {
      pages(
              first ->
                  historyService
                      .createHistoricVariableInstanceQuery()
                      .processInstanceIdIn(chunk.toArray(String[]::new))
                      .variableNameIn(names)
                      .orderByVariableName()
                      .asc()
                      .listPage(first, CHUNK))
          .stream()
          .filter(
              variable ->
                  variable.getExecutionId() == null
                      || variable.getExecutionId().equals(variable.getProcessInstanceId()))
          .forEach(
              variable ->
                  facts
                      .computeIfAbsent(variable.getProcessInstanceId(), id -> new HashMap<>())
                      .put(variable.getName(), variable.getValue()));
    }
    return facts;
  }

  /**
   * The phase of each running release: the group its current steps lie in, read for all of them at once; of two (a
   * step and a cancellation under way), the later phase.
   */
  private Map<String, String> phasesOf(
      List<String> running, List<HistoricProcessInstance> releases) {
    Map<String, String> modelOf = new HashMap<>();
    releases.forEach(release -> modelOf.put(release.getId(), release.getProcessDefinitionId()));
    var phaseOf = new HashMap<String, String>();
    for (List<String> chunk : chunks(running)) {
      query
          .currentActivities(chunk)
          .forEach(
              (release, activities) -> {
                String model = modelOf.get(release);
                String phase = model == null ? null : latestPhase(phases.of(model), activities);
                if (phase != null) {
                  phaseOf.put(release, phase);
                }
              });
    }
    return phaseOf;
  }

  /** Of the phases these activities lie in, the one the diagram shows last. */
  private static String latestPhase(Phases.Model model, Set<String> activities) {
    return activities.stream()
        .map(model.phaseOfActivity()::get)
        .filter(Objects::nonNull)
        .max(Comparator.comparingInt(model.phases()::indexOf))
        .orElse(null);
  }

  /** The activities of each phase of these models, the phases in the models' order. */
  private Map<String, Set<String>> activitiesOfPhase(List<String> processDefinitionIds) {
    var activitiesOfPhase = new LinkedHashMap<String, Set<String>>();
    processDefinitionIds.stream()
        .map(phases::of)
        .forEach(
            model -> {
              model
                  .phases()
                  .forEach(
                      phase ->
                          activitiesOfPhase.computeIfAbsent(phase, p -> new LinkedHashSet<>()));
              model
                  .phaseOfActivity()
                  .forEach(
                      (activity, phase) ->
                          activitiesOfPhase
                              .computeIfAbsent(phase, p -> new LinkedHashSet<>())
                              .add(activity));
            });
    return activitiesOfPhase;
  }

  /**
   * The open tasks of the releases on the page, read as the caller (one query, by the releases' keys, so tasks of the
   * deployments they called count too), with the candidate groups their model gives them.
   */
  private List<Row> withWaitingOn(List<Row> page) {
    String[] keys =
        page.stream()
            .filter(row -> row.finishedAt() == null)
            .map(Row::releaseKey)
            .filter(Objects::nonNull)
            .toArray(String[]::new);
    if (keys.length == 0) {
      return page;
    }
    Map<String, List<Waiting>> waiting = new HashMap<>();
    Map<String, String> keyOfInstance = new HashMap<>();
    page.forEach(row -> keyOfInstance.put(row.processInstanceId(), row.releaseKey()));
    pages(
            first ->
                taskService
                    .createTaskQuery()
                    .processInstanceBusinessKeyIn(keys)
                    .active()
                    .orderByTaskCreateTime()
                    .asc()
                    .listPage(first, CHUNK))
        .forEach(
            task -> {
              String key =
                  keyOfInstance.computeIfAbsent(task.getProcessInstanceId(), this::businessKey);
              if (key == null) {
                return;
              }
              waiting
                  .computeIfAbsent(key, k -> new ArrayList<>())
                  .add(
                      new Waiting(
                          task.getId(),
                          task.getName(),
                          candidateGroups(task),
                          task.getAssignee(),
                          task.getDueDate()));
            });
    return page.stream()
        .map(
            row ->
                new Row(
                    row.releaseKey(),
                    row.processInstanceId(),
                    row.service(),
                    row.version(),
                    row.phase(),
                    row.outcome(),
                    waiting.getOrDefault(row.releaseKey(), List.of()),
                    row.requestedAt(),
                    row.requestedBy(),
                    row.targetDate(),
                    row.finishedAt(),
                    row.risk(),
                    row.candidateVersion(),
                    row.candidateCommit()))
        .toList();
  }

  /** A task's candidate groups as its model names them; asked of the task only when the model computes them. */
  private List<String> candidateGroups(Task task) {
    List<String> groups =
        phases.of(task.getProcessDefinitionId()).candidateGroups().get(task.getTaskDefinitionKey());
    if (groups != null) {
      return groups;
    }
    return taskService.getIdentityLinksForTask(task.getId()).stream()
        .filter(
            link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
        .map(IdentityLink::getGroupId)
        .toList();
  }

  /** The business key of a task's process instance: the release's, also for a deployment it called. */
  private String businessKey(String processInstanceId) {
    ProcessInstance instance =
        runtimeService
            .createProcessInstanceQuery()
            .processInstanceId(processInstanceId)
            .listPage(0, 1)
            .stream()
            .findFirst()
            .orElse(null);
    return instance == null ? null : instance.getBusinessKey();
  }

  /** The phases of the newest release model. */
  private List<String> knownPhases() {
    return engine
        .getRepositoryService()
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

  private <T> T withoutAuthorization(java.util.concurrent.Callable<T> query) {
    return engine
        .getCommandExecutorTxRequired()
        .execute(context -> context.runWithoutAuthorization(query));
  }

  /** Every row of a query, page by page. */
  private static <T> List<T> pages(Function<Integer, List<T>> page) {
    List<T> all = new ArrayList<>();
    List<T> rows;
    do {
      rows = page.apply(all.size());
      all.addAll(rows);
    } while (rows.size() == CHUNK);
    return all;
  }

  private static List<List<String>> chunks(List<String> ids) {
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      chunks.add(ids.subList(from, Math.min(ids.size(), from + CHUNK)));
    }
    return chunks;
  }

  private static String text(Map<String, Object> facts, VariableFactory<String> variable) {
    Object value = facts.get(variable.getName());
    return value == null ? null : value.toString();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String oneOf(String name, String value, List<String> allowed) {
    String given = blankToNull(value);
    if (given == null) {
      return null;
    }
    return allowed.stream()
        .filter(option -> option.equalsIgnoreCase(given))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "'"
                        + name
                        + "' must be one of "
                        + String.join(", ", allowed)
                        + ", not '"
                        + value
                        + "'"));
  }
}
