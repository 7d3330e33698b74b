package io.releasedesk.qa;

import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDE_JUSTIFICATION;

import io.releasedesk.engine.ConflictException;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.release.ReleaseProcess;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * "Record QA override": QA sent a candidate that the quality gate failed to verification anyway. The override counts
 * once per candidate, only when the gate said {@code fail}, and only with who made it, a member of QA, and a
 * justification. Only Release Desk's API sends those two along with the message (people send no variables with
 * messages, see {@code AlongItsModelOnly}), so a bare message, whatever the door, is refused here, in the transaction
 * that delivers it, and changes nothing. The step stamps when the override was made.
 */
@Component
public class RecordQualityGateOverride implements JavaDelegate {

  /** What the engine's text column holds. */
  static final int MAX_JUSTIFICATION = 4000;

  static final String FAIL = "fail";

  private final IdentityService identityService;

  public RecordQualityGateOverride(IdentityService identityService) {
    this.identityService = identityService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String releaseKey = execution.getProcessBusinessKey();
    String candidate = CANDIDATE_VERSION.from(execution).getOrNull();
    String by = QUALITY_GATE_OVERRIDDEN_BY.from(execution).getOrNull();
    checkCandidate(
        releaseKey,
        candidate,
        QUALITY_GATE.from(execution).getOrNull(),
        QUALITY_GATE_OVERRIDDEN_AT.from(execution).getOrNull());
    checkRequest(
        releaseKey,
        candidate,
        by,
        QUALITY_GATE_OVERRIDE_JUSTIFICATION.from(execution).getOrNull(),
        // whoever delivered the message may not read groups; the rule is Release Desk's, not the
        // caller's
        by != null
            && Context.getCommandContext()
                .runWithoutAuthorization(() -> isQa(identityService, by)));
    QUALITY_GATE_OVERRIDDEN_AT.on(execution).set(ClockUtil.getCurrentTime().toInstant().toString());
  }

  /** The candidate may be overridden: the gate failed it, and nobody overrode it yet. */
  static void checkCandidate(
      String releaseKey, String candidate, String verdict, String overriddenAt) {
    if (!FAIL.equals(verdict)) {
      throw new ConflictException(
          "The quality gate did not fail candidate "
              + candidate
              + " of "
              + releaseKey
              + (verdict == null ? ": it has no verdict" : ": its verdict is " + verdict)
              + "; QA overrides only a fail");
    }
    if (overriddenAt != null && !overriddenAt.isBlank()) {
      throw new ConflictException(
          "QA overrode the quality gate's fail of "
              + candidate
              + " of "
              + releaseKey
              + " already, at "
              + overriddenAt
              + "; a candidate is overridden once");
    }
  }

  /** The override is made through Release Desk's API, by a member of QA, with a justification. */
  static void checkRequest(
      String releaseKey, String candidate, String by, String justification, boolean byIsQa) {
    String api = "POST /api/releases/" + releaseKey + "/candidates/" + candidate + "/override";
    if (by == null || by.isBlank()) {
      throw new InvalidInputException(
          "QA overrides the quality gate with a justification, through " + api);
    }
    if (!byIsQa) {
      throw new AuthorizationException(
          "Only QA (group "
              + ReleaseProcess.Groups.QA
              + ") overrides the quality gate; "
              + by
              + " is not a member");
    }
    if (justification == null || justification.isBlank()) {
      throw new InvalidInputException(
          "A QA override of the quality gate needs a justification: why candidate "
              + candidate
              + " may go to verification although the gate failed it");
    }
    if (justification.length() > MAX_JUSTIFICATION) {
      throw new InvalidInputException(
          "The justification may be at most " + MAX_JUSTIFICATION + " characters long");
    }
  }

  static boolean isQa(IdentityService identityService, String userId) {
    return identityService
            .createUserQuery()
            .userId(userId)
            .memberOfGroup(ReleaseProcess.Groups.QA)
            .count()
        > 0;
  }
}
