package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.Variables.DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Variables.LAST_RELEASED_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.NOTHING_CHANGED;
import static io.releasedesk.release.ReleaseProcess.Variables.OBSERVATION_PERIOD;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_ANYWAY;
import static io.releasedesk.release.ReleaseProcess.Variables.REPAIRS_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPOSITORY;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.dependencies.Dependencies;
import io.releasedesk.dependencies.Dependency;
import io.releasedesk.dependencies.InvalidDependenciesException;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.reminders.SetDueDates;
import io.releasedesk.versioning.NextVersion;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * Checks a release request when the release starts and again when its plan is confirmed, and names the release
 * {@code service@version} (its business key). A bad request is refused: the start or the task completion fails with
 * every problem listed and nothing is stored. Only services of the catalog are released, from the repository the
 * catalog names. A release whose key another running release holds is refused as a conflict; the key is held in
 * {@link RunningReleases} from the start on.
 */
@Component
public class ValidateReleaseRequest implements ExecutionListener, TaskListener {

  private final ReleaseProperties properties;
  private final RunningReleases runningReleases;
  private final ServiceCatalog catalog;

  public ValidateReleaseRequest(
      ReleaseProperties properties, RunningReleases runningReleases, ServiceCatalog catalog) {
    this.properties = properties;
    this.runningReleases = runningReleases;
    this.catalog = catalog;
  }

  /**
   * On the start event: the request as submitted. It may hold the request's fields and nothing else; in particular
   * not who requested it, which the engine records from the login ({@code camunda:initiator}).
   */
  @Override
  public void notify(DelegateExecution execution) {
    refuseOtherVariables(execution);
    var problems = new ArrayList<>(catalogProblems(execution.getVariables()));
    problems.addAll(
        ReleaseRequest.repairsProblems(
            execution.getVariables(), repaired -> released(execution, repaired)));
    ReleaseRequest request = check(execution, execution.getVariables(), problems);
    String repaired = REPAIRS_RELEASE.from(execution).getOrNull();
    if (repaired != null) {
      REPAIRS_RELEASE.on(execution).set(repaired.isBlank() ? null : repaired.strip());
    }
    OBSERVATION_PERIOD.on(execution).set(properties.observationPeriod().toString());
    REPOSITORY.on(execution).set(catalog.find(request.service()).orElseThrow().repository());
    VERSION.on(execution).set(request.version());
    execution.setProcessBusinessKey(request.releaseKey());
  }

  /**
   * On completing "Plan release": the request as planned, which may have changed version or date. The version must
   * be greater than the service's last release, as its repository's tags say; when nothing changed since that
   * release, the plan must say to release anyway. Each dependency must be a catalog service other than the release's
   * own with a version range; they are stored written alike. A plan that answers a rejected approval says what must
   * be redone ({@link WhatMustBeRedone}). On opening "Plan release": what the plan is compared with then.
   */
  @Override
  public void notify(DelegateTask task) {
    switch (task.getEventName()) {
      case EVENTNAME_CREATE -> WhatMustBeRedone.open(task);
      case EVENTNAME_COMPLETE -> checkPlan(task);
      default ->
          throw new IllegalStateException("Not an event of the plan: " + task.getEventName());
    }
  }

  private void checkPlan(DelegateTask task) {
    var values = task.getVariables();
    var problems = new ArrayList<>(ReleaseRequest.planningProblems(values));
    if (Boolean.TRUE.equals(NOTHING_CHANGED.from(task.getExecution()).getOrNull())
        && !Boolean.TRUE.equals(values.get(RELEASE_ANYWAY.getName()))) {
      problems.add(
          "No commits since the last release "
              + LAST_RELEASED_VERSION.from(task.getExecution()).getOrNull()
              + ": confirm 'Release anyway' (releaseAnyway true), or cancel the release");
    }
    List<Dependency> dependencies = List.of();
    try {
      dependencies =
          Dependencies.check(
              values.get(DEPENDENCIES.getName()), SERVICE.from(task.getExecution()).get(), catalog);
    } catch (InvalidDependenciesException e) {
      problems.addAll(e.problems());
    }
    if (values.get(VERSION.getName()) instanceof String version
        && ReleaseRequest.SEMANTIC_VERSION.matcher(version.strip()).matches()) {
      String lastRelease = LAST_RELEASED_VERSION.from(task.getExecution()).getOrNull();
      String problem =
          NextVersion.problemWith(
              version.strip(), lastRelease == null || lastRelease.isEmpty() ? null : lastRelease);
      if (problem != null) {
        problems.add(problem);
      }
    }
    String redo = WhatMustBeRedone.decide(task, problems);
    ReleaseRequest request = check(task.getExecution(), values, problems);
    VERSION.on(task.getExecution()).set(request.version());
    DEPENDENCIES.on(task.getExecution()).set(Dependencies.text(dependencies));
    WhatMustBeRedone.settle(task, redo);
    task.getExecution().setProcessBusinessKey(request.releaseKey());
  }

  private static void refuseOtherVariables(DelegateExecution execution) {
    var unexpected = new TreeSet<>(execution.getVariableNames());
    unexpected.removeAll(ReleaseRequest.FIELDS);
    unexpected.remove(REQUESTED_BY.getName());
    // set by the model itself when the release starts, before this check (SetDueDates)
    unexpected.removeAll(SetDueDates.variableNames(execution));
    String caller = Context.getCommandContext().getAuthenticatedUserId();
    if (caller != null && !caller.equals(REQUESTED_BY.from(execution).getOrNull())) {
      unexpected.add(REQUESTED_BY.getName());
    }
    if (!unexpected.isEmpty()) {
      throw new InvalidInputException(
          "A release request takes only " + ReleaseRequest.FIELDS + ", not " + unexpected);
    }
  }

  /** Whether a release of that key was requested before (whoever may read it). */
  private static boolean released(DelegateExecution execution, String releaseKey) {
    HistoryService history = execution.getProcessEngineServices().getHistoryService();
    return Context.getCommandContext()
        .runWithoutAuthorization(
            () ->
                history
                        .createHistoricProcessInstanceQuery()
                        .processDefinitionKey(ReleaseProcess.KEY)
                        .processInstanceBusinessKey(releaseKey)
                        .count()
                    > 0);
  }

  /** A service must be in the catalog when it is requested; the catalog may drop it once its releases are done. */
  private List<String> catalogProblems(Map<String, ?> values) {
    if (values.get(SERVICE.getName()) instanceof String service
        && ReleaseRequest.SERVICE_NAME.matcher(service.strip()).matches()
        && catalog.find(service.strip()).isEmpty()) {
      return List.of(catalog.notListed(service.strip()));
    }
    return List.of();
  }

  private ReleaseRequest check(
      DelegateExecution execution, Map<String, ?> values, List<String> otherProblems) {
    LocalDate today =
        LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneId.systemDefault());
    var problems = new ArrayList<String>();
    ReleaseRequest request = null;
    try {
      request = ReleaseRequest.from(values, today);
    } catch (InvalidReleaseRequestException e) {
      problems.addAll(e.problems());
    }
    problems.addAll(otherProblems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(InvalidReleaseRequestException.describe(problems));
    }
    // the rule holds for releases the requester may not see, too
    String releaseKey = request.releaseKey();
    RuntimeService runtime = execution.getProcessEngineServices().getRuntimeService();
    Context.getCommandContext()
        .runWithoutAuthorization(
            () -> {
              // releases started before Release Desk kept their keys in a table of its own hold
              // none there; a cancelled
              // release that is still announcing its cancellation has given its key up
              boolean taken =
                  runtime
                      .createProcessInstanceQuery()
                      .processDefinitionKey(ReleaseProcess.KEY)
                      .processInstanceBusinessKey(releaseKey)
                      .listPage(0, 2)
                      .stream()
                      .anyMatch(
                          other ->
                              !other.getId().equals(execution.getProcessInstanceId())
                                  && ReleaseProcess.Variables.CANCELLATION_REASON
                                          .from(runtime, other.getId())
                                          .getOrNull()
                                      == null);
              if (taken) {
                throw RunningReleases.underWay(releaseKey);
              }
              // the database refuses the second of two starts at the same moment, which the query
              // above cannot see
              runningReleases.hold(
                  releaseKey,
                  execution.getProcessInstanceId(),
                  holder ->
                      runtime.createProcessInstanceQuery().processInstanceId(holder).count() > 0);
              return null;
            });
    return request;
  }
}
