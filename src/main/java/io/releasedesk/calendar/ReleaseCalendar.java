package io.releasedesk.calendar;

import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.validate.ValidationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;

/**
 * The release calendar as iCalendar (RFC 5545), built and written by ical4j: the target dates of running releases,
 * the production deployments that are done, and the freeze windows (a recurring one with its RRULE). Releases are
 * read through the engine as whoever is authenticated at the moment, so each person sees the releases they may read.
 */
@Service
public class ReleaseCalendar {

  /** Within the engine's query limit: the newest releases and deployments of each kind. */
  static final int MAX_RESULTS = 2000;

  /** Two variables each, within the query limit. */
  static final int MAX_RUNNING_RELEASES = MAX_RESULTS / 2;

  static final String DOMAIN = "@release-desk";

  private final RuntimeService runtimeService;
  private final HistoryService historyService;
  private final FreezeWindows freezeWindows;

  public ReleaseCalendar(
      RuntimeService runtimeService, HistoryService historyService, FreezeWindows freezeWindows) {
    this.runtimeService = runtimeService;
    this.historyService = historyService;
    this.freezeWindows = freezeWindows;
  }

  /** The calendar of one service, or of all when {@code service} is null. */
  public String ics(String service) {
    var calendar = new Calendar();
    calendar.add(new ProdId("-//Release Desk//Release calendar//EN"));
    calendar.add(ImmutableVersion.VERSION_2_0);
    calendar.add(ImmutableCalScale.GREGORIAN);
    calendar.add(
        new XProperty(
            "X-WR-CALNAME", service == null ? "Release Desk" : "Release Desk: " + service));
    Stream.of(plannedReleases(service), productionDeployments(service), freezes(service))
        .flatMap(List::stream)
        .forEach(event -> calendar.add(event));
    var text = new StringWriter();
    try {
      new CalendarOutputter().output(calendar, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ValidationException e) {
      throw new IllegalStateException(
          "The release calendar is not valid iCalendar: " + e.getMessage(), e);
    }
    return text.toString();
  }

  /** Running releases on their target date, an all-day event each. */
  List<VEvent> plannedReleases(String service) {
    List<ProcessInstance> releases =
        runtimeService
            .createProcessInstanceQuery()
            .processDefinitionKey(ReleaseProcess.KEY)
            .orderByProcessInstanceId()
            .desc()
            .listPage(0, MAX_RUNNING_RELEASES);
    if (releases.isEmpty()) {
      return List.of();
    }
    Map<String, Map<String, Object>> variables = new HashMap<>();
    runtimeService
        .createVariableInstanceQuery()
        .processInstanceIdIn(releases.stream().map(ProcessInstance::getId).toArray(String[]::new))
        .variableNameIn(SERVICE.getName(), TARGET_DATE.getName())
        .listPage(0, MAX_RESULTS)
        .stream()
        .filter(variable -> variable.getValue() != null)
        .forEach(
            variable ->
                variables
                    .computeIfAbsent(variable.getProcessInstanceId(), id -> new HashMap<>())
                    .put(variable.getName(), variable.getValue()));
    return releases.stream()
        .filter(release -> variables.containsKey(release.getId()))
        .filter(
            release ->
                service == null
                    || service.equals(variables.get(release.getId()).get(SERVICE.getName())))
        .flatMap(
            release -> {
              var values = variables.get(release.getId());
              return date(values.get(TARGET_DATE.getName()))
                  .map(
                      date -> {
                        var event =
                            new VEvent(
                                date,
                                date.plusDays(1),
                                "Release " + release.getBusinessKey() + " planned");
                        event.add(new Uid("release-" + release.getId() + DOMAIN));
                        event.add(
                            new Description(
                                "Target date of "
                                    + release.getBusinessKey()
                                    + ", a release under way"));
                        event.add(new Categories("Planned release"));
                        return event;
                      })
                  .stream();
            })
        .toList();
  }

  /** Production deployments that went through, from the start of the deployment to its end. */
  List<VEvent> productionDeployments(String service) {
    List<HistoricActivityInstance> deployments =
        historyService
            .createHistoricActivityInstanceQuery()
            .activityId(Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
            .finished()
            .orderByHistoricActivityInstanceEndTime()
            .desc()
            .listPage(0, MAX_RESULTS)
            .stream()
            .filter(deployment -> !deployment.isCanceled())
            .toList();
    if (deployments.isEmpty()) {
      return List.of();
    }
    Map<String, HistoricProcessInstance> releases =
        historyService
            .createHistoricProcessInstanceQuery()
            .processInstanceIds(
                deployments.stream()
                    .map(HistoricActivityInstance::getProcessInstanceId)
                    .collect(Collectors.toSet()))
            .listPage(0, MAX_RESULTS)
            .stream()
            .collect(Collectors.toMap(HistoricProcessInstance::getId, Function.identity()));
    return deployments.stream()
        .filter(deployment -> releases.containsKey(deployment.getProcessInstanceId()))
        .filter(
            deployment ->
                service == null
                    || String.valueOf(
                            releases.get(deployment.getProcessInstanceId()).getBusinessKey())
                        .startsWith(service + "@"))
        .map(
            deployment -> {
              String releaseKey = releases.get(deployment.getProcessInstanceId()).getBusinessKey();
              var event =
                  new VEvent(
                      deployment.getStartTime().toInstant(),
                      deployment.getEndTime().toInstant(),
                      "Release " + releaseKey + " deployed to production");
              event.add(new Uid("deployment-" + deployment.getId() + DOMAIN));
              event.add(
                  new Description(
                      releaseKey + " was deployed to production and its health verified"));
              event.add(new Categories("Production deployment"));
              return event;
            })
        .toList();
  }

  /** Freeze windows that hold the service back (all of them without a service), recurring ones with their rule. */
  List<VEvent> freezes(String service) {
    List<FreezeWindow> windows =
        service == null
            ? freezeWindows.list(0, FreezeWindows.MAX_WINDOWS)
            : freezeWindows.applyingTo(service);
    return windows.stream()
        .map(
            window -> {
              var event = new VEvent(window.start(), window.end(), "Freeze: " + window.reason());
              event.add(new Uid("freeze-" + window.id() + DOMAIN));
              event.add(
                  new Description(
                      window.reason()
                          + "\nReleases of "
                          + (window.services().isEmpty()
                              ? "all services"
                              : String.join(", ", window.services()))
                          + " wait before production until it ends."));
              event.add(new Categories("Freeze window"));
              if (window.recurs()) {
                event.add(new RRule<>(FreezeWindow.recur(window.recurrence())));
              }
              return event;
            })
        .toList();
  }

  private static Optional<LocalDate> date(Object value) {
    try {
      return value == null ? Optional.empty() : Optional.of(LocalDate.parse(value.toString()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
