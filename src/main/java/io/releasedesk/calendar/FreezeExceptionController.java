package io.releasedesk.calendar;

import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_ENDS_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;

import io.releasedesk.engine.ConflictException;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.release.ReleaseNotFoundException;
import io.releasedesk.release.ReleaseProcess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Optional;
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
 * A hotfix waiting in a freeze window asks to go to production now. Release managers and the release's requester
 * may ask, with a justification; a release manager other than them decides (Approve emergency exception). This is
 * the only way to send the request: people send no variables with messages, and the request needs its justification
 * and who asked.
 */
@RestController
@Tag(name = "Releases")
class FreezeExceptionController {

  /** What the engine's text column holds. */
  static final int MAX_JUSTIFICATION = 4000;

  record ExceptionRequest(String justification) {}

  record Requested(
      String releaseKey, String requestedBy, String justification, String freezeEndsAt) {}

  private final RuntimeService runtimeService;
  private final HistoryService historyService;
  private final IdentityService identityService;
  private final ProcessEngineConfigurationImpl engine;

  FreezeExceptionController(
      RuntimeService runtimeService,
      HistoryService historyService,
      IdentityService identityService,
      ProcessEngineConfigurationImpl engine) {
    this.runtimeService = runtimeService;
    this.historyService = historyService;
    this.identityService = identityService;
    this.engine = engine;
  }

  @PostMapping("/api/releases/{releaseKey}/freeze-exception")
  @Operation(
      summary = "Ask for an emergency exception from a freeze window",
      description =
          "For a hotfix waiting in a freeze window, with a justification; release managers and the "
              + "release's requester may ask. Another release manager, neither the requester nor who asked, approves it "
              + "(the task Approve emergency exception): the hotfix then deploys at once; rejected, it waits for the "
              + "window's end.")
  @ApiResponse(responseCode = "202", description = "Asked; the approval waits in Tasklist")
  ResponseEntity<Requested> request(
      @PathVariable String releaseKey, @RequestBody ExceptionRequest body) {
    Authentication caller = identityService.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      throw new AuthorizationException("Log in to ask for an emergency exception");
    }
    String justification =
        body == null || body.justification() == null ? "" : body.justification().strip();
    // the caller may not be allowed to read the release: Release Desk checks, then acts as trusted
    // code
    Optional<Requested> requested =
        engine
            .getCommandExecutorTxRequired()
            .execute(
                commandContext ->
                    commandContext.runWithoutAuthorization(
                        () -> ask(releaseKey, justification, caller)));
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(
            requested.orElseThrow(() -> new ReleaseNotFoundException("No release " + releaseKey)));
  }

  /** Sends the request; empty if there is no such release. */
  private Optional<Requested> ask(String releaseKey, String justification, Authentication caller) {
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
            releaseKey + " has ended: there is no freeze window to be excepted from");
      }
      return Optional.empty();
    }
    String id = release.getId();
    if (!caller.getGroupIds().contains(ReleaseProcess.Groups.RELEASE_MANAGERS)
        && !caller.getUserId().equals(requester(id))) {
      throw new AuthorizationException(
          "Only release managers and the release's requester may ask for an emergency "
              + "exception of "
              + releaseKey);
    }
    if (!"hotfix".equals(runtimeService.getVariable(id, RELEASE_TYPE.getName()))) {
      throw new InvalidInputException(
          "Only a hotfix may ask for an emergency exception; "
              + releaseKey
              + " is not "
              + "one and deploys when the freeze window ends");
    }
    if (justification.isEmpty()) {
      throw new InvalidInputException(
          "An emergency exception needs a justification: why the hotfix cannot wait "
              + "until the freeze window ends");
    }
    if (justification.length() > MAX_JUSTIFICATION) {
      throw new InvalidInputException(
          "The justification may be at most " + MAX_JUSTIFICATION + " characters long");
    }
    if (runtimeService
        .getActiveActivityIds(id)
        .contains(ReleaseProcess.Elements.TASK_APPROVE_EMERGENCY_EXCEPTION)) {
      throw new ConflictException(
          "An emergency exception of "
              + releaseKey
              + " was asked for already and awaits "
              + "a release manager's decision");
    }
    if (runtimeService
            .createEventSubscriptionQuery()
            .processInstanceId(id)
            .eventType("message")
            .eventName(ReleaseProcess.MESSAGE_EMERGENCY_EXCEPTION_REQUESTED)
            .count()
        == 0) {
      throw new ConflictException(releaseKey + " is not waiting in a freeze window");
    }
    runtimeService
        .createMessageCorrelation(ReleaseProcess.MESSAGE_EMERGENCY_EXCEPTION_REQUESTED)
        .processInstanceId(id)
        .setVariable(FREEZE_EXCEPTION_JUSTIFICATION.getName(), justification)
        .setVariable(FREEZE_EXCEPTION_REQUESTED_BY.getName(), caller.getUserId())
        .correlateWithResult();
    return Optional.of(
        new Requested(
            releaseKey,
            caller.getUserId(),
            justification,
            (String) runtimeService.getVariable(id, FREEZE_ENDS_AT.getName())));
  }

  /** Who requested the release: the user the engine recorded as its starter, else the requester the request named. */
  private String requester(String processInstanceId) {
    var started =
        historyService
            .createHistoricProcessInstanceQuery()
            .processInstanceId(processInstanceId)
            .singleResult();
    if (started != null && started.getStartUserId() != null) {
      return started.getStartUserId();
    }
    return (String) runtimeService.getVariable(processInstanceId, REQUESTED_BY.getName());
  }
}
