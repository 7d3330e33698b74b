package io.releasedesk.evaluation;

import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_REPORTED_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_REPORTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_RESOLUTION;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_SUMMARY;

import io.releasedesk.engine.ConflictException;
import io.releasedesk.engine.EnteredText;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.release.ReleaseNotFoundException;
import io.releasedesk.release.ReleaseProcess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operations report an incident a release caused while it is observed in production: what happened and whether it
 * was fixed forward or needed a rollback or a hotfix. The report ends the observation, and the release is classified
 * by it. This is the only way to send the report: people send no variables with messages.
 */
@RestController
@Tag(name = "Releases")
class IncidentController {

  record IncidentBody(String what, String resolution) {}

  record Reported(
      String releaseKey, String reportedBy, String reportedAt, String what, String resolution) {}

  private final RuntimeService runtimeService;
  private final HistoryService historyService;
  private final IdentityService identityService;
  private final ProcessEngineConfigurationImpl engine;

  IncidentController(
      RuntimeService runtimeService,
      HistoryService historyService,
      IdentityService identityService,
      ProcessEngineConfigurationImpl engine) {
    this.runtimeService = runtimeService;
    this.historyService = historyService;
    this.identityService = identityService;
    this.engine = engine;
  }

  @PostMapping("/api/releases/{releaseKey}/incidents")
  @Operation(
      summary = "Report an incident a release caused in production",
      description =
          "While the release is observed in production; for operations and release managers. `what` "
              + "says what happened; `resolution` is `fixed-forward` (the release ends degraded), `rollback` or `hotfix` "
              + "(it ends failed). The report ends the observation; the retrospective follows.")
  @ApiResponse(
      responseCode = "202",
      description = "Reported; the release is classified and its retrospective due")
  @ApiResponse(
      responseCode = "400",
      description = "What happened or how it was resolved is missing or not valid")
  @ApiResponse(responseCode = "409", description = "The release is not in its observation")
  ResponseEntity<Reported> report(
      @PathVariable String releaseKey, @RequestBody(required = false) IncidentBody body) {
    Authentication caller = identityService.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      throw new AuthorizationException("Log in to report an incident");
    }
    if (!caller.getGroupIds().contains(ReleaseProcess.Groups.OPERATIONS)
        && !caller.getGroupIds().contains(ReleaseProcess.Groups.RELEASE_MANAGERS)) {
      throw new AuthorizationException(
          "Only operations and release managers report incidents of a release");
    }
    String what = body == null || body.what() == null ? "" : body.what().strip();
    String resolution = body == null || body.resolution() == null ? "" : body.resolution().strip();
    validate(what, resolution);
    // the caller may not be allowed to read the release: Release Desk checks, then acts as trusted
    // code
    Optional<Reported> reported =
        engine
            .getCommandExecutorTxRequired()
            .execute(
                commandContext ->
                    commandContext.runWithoutAuthorization(
                        () -> send(releaseKey, what, resolution, caller.getUserId())));
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(reported.orElseThrow(() -> new ReleaseNotFoundException("No release " + releaseKey)));
  }

  private static void validate(String what, String resolution) {
    var problems = new ArrayList<String>();
    if (what.isEmpty()) {
      problems.add("An incident report needs 'what': what happened in production");
    } else {
      EnteredText.problem("What happened", what).ifPresent(problems::add);
    }
    if (Classification.Resolution.of(resolution).isEmpty()) {
      problems.add(
          "'resolution' must be one of "
              + Arrays.stream(Classification.Resolution.values())
                  .map(Classification.Resolution::value)
                  .collect(Collectors.joining(", "))
              + (resolution.isEmpty() ? "" : ", not '" + resolution + "'")
              + ": was it fixed forward, or did it need a rollback or a hotfix?");
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(String.join("; ", problems));
    }
  }

  /** Sends the report; empty if there is no such release. */
  private Optional<Reported> send(
      String releaseKey, String what, String resolution, String reportedBy) {
    ProcessInstance release =
        runtimeService
            .createProcessInstanceQuery()
            .processDefinitionKey(ReleaseProcess.KEY)
            .processInstanceBusinessKey(releaseKey)
            .singleResult();
    if (release == null) {
      if (historyService
              .createHistoricProcessInstanceQuery()
              .processDefinitionKey(ReleaseProcess.KEY)
              .processInstanceBusinessKey(releaseKey)
              .count()
          > 0) {
        throw new ConflictException(
            releaseKey
                + " has ended: incidents are reported while it is observed in "
                + "production");
      }
      return Optional.empty();
    }
    String id = release.getId();
    if (runtimeService
            .createEventSubscriptionQuery()
            .processInstanceId(id)
            .eventType("message")
            .eventName(ReleaseProcess.MESSAGE_INCIDENT_REPORTED)
            .count()
        == 0) {
      throw new ConflictException(
          releaseKey
              + " is not in its observation in production: incidents are reported "
              + "after its production deployment and before its retrospective");
    }
    runtimeService
        .createMessageCorrelation(ReleaseProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceId(id)
        .setVariable(INCIDENT_SUMMARY.getName(), what)
        .setVariable(INCIDENT_RESOLUTION.getName(), resolution)
        .setVariable(INCIDENT_REPORTED_BY.getName(), reportedBy)
        .correlateWithResult();
    return Optional.of(
        new Reported(
            releaseKey,
            reportedBy,
            (String) runtimeService.getVariable(id, INCIDENT_REPORTED_AT.getName()),
            what,
            resolution));
  }
}
