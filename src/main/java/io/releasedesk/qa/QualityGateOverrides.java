package io.releasedesk.qa;

import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDE_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_REASON;

import io.releasedesk.engine.ConflictException;
import io.releasedesk.release.ReleaseNotFoundException;
import io.releasedesk.release.ReleaseProcess;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * QA sends a candidate that the quality gate failed to verification anyway, with a justification. Release Desk checks
 * the caller (group {@code qa}) and the candidate (current, failed by the gate, not overridden yet, at Fix defects),
 * then correlates the message with who and why as trusted code: people send no variables with messages. The model's
 * step "Record QA override" checks the same rules again inside the engine and stamps the time; the candidate's
 * results then carry the override too, written in the same transaction.
 */
@Service
public class QualityGateOverrides {

  /** An override as recorded. */
  public record GateOverride(
      String releaseKey,
      String candidate,
      String verdict,
      String reason,
      String overriddenBy,
      Instant overriddenAt,
      String justification) {}

  private final RuntimeService runtimeService;
  private final HistoryService historyService;
  private final IdentityService identityService;
  private final ProcessEngineConfigurationImpl engine;
  private final JdbcClient jdbc;

  public QualityGateOverrides(
      RuntimeService runtimeService,
      HistoryService historyService,
      IdentityService identityService,
      ProcessEngineConfigurationImpl engine,
      JdbcClient jdbc) {
    this.runtimeService = runtimeService;
    this.historyService = historyService;
    this.identityService = identityService;
    this.engine = engine;
    this.jdbc = jdbc;
  }

  @Transactional
  public GateOverride override(String releaseKey, String candidate, String justification) {
    Authentication caller = identityService.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      throw new AuthorizationException("Log in to override the quality gate");
    }
    String by = caller.getUserId();
    String text = justification == null ? "" : justification.strip();
    boolean qa =
        caller.getGroupIds() != null && caller.getGroupIds().contains(ReleaseProcess.Groups.QA);
    RecordQualityGateOverride.checkRequest(releaseKey, candidate, by, text, qa);
    // QA may not read every release in the engine: Release Desk checked the caller, and acts as
    // trusted code
    Optional<GateOverride> overridden =
        engine
            .getCommandExecutorTxRequired()
            .execute(
                context ->
                    context.runWithoutAuthorization(
                        () -> deliver(releaseKey, candidate, by, text)));
    // refused outside the engine's command, which would log a refusal of its own kind thrown inside
    // it as an error
    return overridden.orElseThrow(() -> new ReleaseNotFoundException("No release " + releaseKey));
  }

  /** The override delivered and recorded; empty if there is no such release. */
  private Optional<GateOverride> deliver(
      String releaseKey, String candidate, String by, String justification) {
    ProcessInstance release =
        runtimeService
            .createProcessInstanceQuery()
            .processDefinitionKey(ReleaseProcess.KEY)
            .processInstanceBusinessKey(releaseKey)
            .listPage(0, 1)
            .stream()
            .findFirst()
            .orElse(null);
    if (release == null) {
      if (historyService
              .createHistoricProcessInstanceQuery()
              .processDefinitionKey(ReleaseProcess.KEY)
              .processInstanceBusinessKey(releaseKey)
              .count()
          > 0) {
        throw new ConflictException(
            releaseKey + " has ended: there is no candidate to send to verification");
      }
      return Optional.empty();
    }
    Map<String, Object> facts =
        runtimeService.getVariables(
            release.getId(),
            List.of(
                CANDIDATE_VERSION.getName(),
                QUALITY_GATE.getName(),
                QUALITY_GATE_OVERRIDDEN_AT.getName()));
    String current = (String) facts.get(CANDIDATE_VERSION.getName());
    if (!candidate.equals(current)) {
      throw new ConflictException(
          "Candidate "
              + candidate
              + " of "
              + releaseKey
              + " is not current"
              + (current == null
                  ? ": the release has no candidate yet"
                  : ": the current one is " + current));
    }
    RecordQualityGateOverride.checkCandidate(
        releaseKey,
        candidate,
        (String) facts.get(QUALITY_GATE.getName()),
        (String) facts.get(QUALITY_GATE_OVERRIDDEN_AT.getName()));
    Map<String, Object> recorded;
    try {
      recorded =
          runtimeService
              .createMessageCorrelation(ReleaseProcess.MESSAGE_QUALITY_GATE_OVERRIDDEN)
              .processInstanceId(release.getId())
              .processInstanceVariableEquals(CANDIDATE_VERSION.getName(), candidate)
              .setVariable(QUALITY_GATE_OVERRIDDEN_BY.getName(), by)
              .setVariable(QUALITY_GATE_OVERRIDE_JUSTIFICATION.getName(), justification)
              .correlateWithResultAndVariables(true)
              .getVariables();
    } catch (MismatchingMessageCorrelationException e) {
      throw new ConflictException(
          releaseKey
              + " is not at Fix defects with candidate "
              + candidate
              + ": the developers finished their fix, and a new candidate is on its way");
    }
    Instant at = Instant.parse((String) recorded.get(QUALITY_GATE_OVERRIDDEN_AT.getName()));
    CandidateResults.override(jdbc, releaseKey, candidate, by, at, justification);
    return Optional.of(
        new GateOverride(
            releaseKey,
            candidate,
            (String) recorded.get(QUALITY_GATE.getName()),
            (String) recorded.get(QUALITY_GATE_REASON.getName()),
            by,
            at,
            justification));
  }
}
