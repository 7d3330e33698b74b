package io.releasedesk.evaluation;

import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_REPORTED_AT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * An unhealthy production during the observation is an incident of the release: the first one's time is kept as when
 * the incident was reported (productionHealthReport says what the check found). The observation goes on.
 */
@Component
public class RecordUnhealthyProduction implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    if (INCIDENT_REPORTED_AT.from(execution).getOrNull() == null) {
      INCIDENT_REPORTED_AT.on(execution).set(ClockUtil.getCurrentTime().toInstant().toString());
    }
  }
}
