package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.Variables.ASKED_AGAIN_BECAUSE;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_NOTES;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_NOTES;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_NOTES;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;

import io.holunda.camunda.bpm.data.factory.VariableFactory;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Before the teams are asked whether they are ready, their answers to an earlier plan are cleared: each team answers
 * the new plan from a blank form. The earlier answers stay in the release's history. The readiness forms say why the
 * teams are asked again ({@code askedAgainBecause}): the teams that were not ready with their notes, or else the
 * rejection with who rejected and why; nothing in the first round.
 */
@Component
public class AskTeamsAfresh implements ExecutionListener {

  private record Team(
      String name, VariableFactory<String> readiness, VariableFactory<String> notes) {}

  private static final List<Team> TEAMS =
      List.of(
          new Team("Development", DEVELOPMENT_READINESS, DEVELOPMENT_NOTES),
          new Team("QA", QA_READINESS, QA_NOTES),
          new Team("Operations", OPERATIONS_READINESS, OPERATIONS_NOTES));

  @Override
  public void notify(DelegateExecution execution) {
    ASKED_AGAIN_BECAUSE.on(execution).set(whyAskedAgain(execution));
    for (Team team : TEAMS) {
      team.readiness().on(execution).remove();
      team.notes().on(execution).remove();
    }
  }

  private static String whyAskedAgain(DelegateExecution execution) {
    var notReady = new ArrayList<String>();
    for (Team team : TEAMS) {
      if ("not-ready".equals(team.readiness().from(execution).getOrNull())) {
        String notes = team.notes().from(execution).getOrNull();
        notReady.add(
            team.name()
                + " was not ready for the last plan"
                + (notes == null || notes.isBlank() ? "" : ": " + notes.strip()));
      }
    }
    if (!notReady.isEmpty()) {
      return String.join("; ", notReady) + ". The release manager planned it again.";
    }
    String reason = REJECTION_REASON.from(execution).getOrNull();
    if (reason != null) {
      String rejectedBy = REJECTED_BY.from(execution).getOrNull();
      return (rejectedBy == null ? "An approver" : rejectedBy)
          + " rejected the last plan: "
          + reason
          + ". The release manager planned it again.";
    }
    return null;
  }
}
