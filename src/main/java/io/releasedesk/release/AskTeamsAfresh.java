package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_NOTES;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_NOTES;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_NOTES;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Before the teams are asked whether they are ready, their answers to an earlier plan are cleared: each team answers
 * the new plan from a blank form. The earlier answers stay in the release's history.
 */
@Component
public class AskTeamsAfresh implements ExecutionListener {

  @Override
  public void notify(DelegateExecution execution) {
    for (var answer : List.of(DEVELOPMENT_READINESS, DEVELOPMENT_NOTES, QA_READINESS, QA_NOTES,
        OPERATIONS_READINESS, OPERATIONS_NOTES)) {
      answer.on(execution).remove();
    }
  }
}
