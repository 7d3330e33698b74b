package io.releasedesk.evaluation;

import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_REPORTED_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_REPORTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_RESOLUTION;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_SUMMARY;

import io.releasedesk.engine.InvalidInputException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * An incident report ends the observation only with what happened, how it was resolved and who reported it, which
 * Release Desk's API sends with the message: a bare message (through the engine's REST API, which sends no
 * variables) is refused and the observation goes on. The first incident's time stays when it was reported.
 */
@Component
public class IncidentReports implements ExecutionListener {

  @Override
  public void notify(DelegateExecution execution) {
    String summary = INCIDENT_SUMMARY.from(execution).getOrNull();
    String resolution = INCIDENT_RESOLUTION.from(execution).getOrNull();
    String reportedBy = INCIDENT_REPORTED_BY.from(execution).getOrNull();
    if (summary == null
        || summary.isBlank()
        || reportedBy == null
        || reportedBy.isBlank()
        || Classification.Resolution.of(resolution).isEmpty()) {
      throw new InvalidInputException(
          "An incident is reported with what happened and how it was resolved, through "
              + "POST /api/releases/"
              + execution.getProcessBusinessKey()
              + "/incidents");
    }
    if (INCIDENT_REPORTED_AT.from(execution).getOrNull() == null) {
      INCIDENT_REPORTED_AT.on(execution).set(ClockUtil.getCurrentTime().toInstant().toString());
    }
  }
}
