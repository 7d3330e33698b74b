package io.releasedesk.dependencies;

import static io.releasedesk.release.ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;

import io.releasedesk.release.ReleaseProcess;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.stereotype.Service;

/**
 * The versions of a service that are in production, from Release Desk's own history: releases of the service whose
 * production deployment succeeded (deployed and healthy; a failed one is rolled back and ends the release).
 */
@Service
public class ProductionVersions {

  /** The engine refuses larger pages; the history is read page by page. */
  static final int PAGE = 500;

  private final HistoryService history;

  public ProductionVersions(HistoryService history) {
    this.history = history;
  }

  /** Every version of the service that reached production, oldest release first. */
  public List<String> of(String service) {
    var versions = new ArrayList<String>();
    for (int first = 0; ; first += PAGE) {
      List<HistoricProcessInstance> releases =
          history
              .createHistoricProcessInstanceQuery()
              .processDefinitionKey(ReleaseProcess.KEY)
              .variableValueEquals(SERVICE.getName(), service)
              .executedActivityIdIn(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
              .orderByProcessInstanceStartTime()
              .asc()
              .listPage(first, PAGE);
      releases.stream()
          .filter(this::deployedToProduction)
          .map(this::version)
          .forEach(versions::add);
      if (releases.size() < PAGE) {
        return versions;
      }
    }
  }

  /** Its production deployment completed, rather than being interrupted by a failure or a cancellation. */
  private boolean deployedToProduction(HistoricProcessInstance release) {
    return history
        .createHistoricActivityInstanceQuery()
        .processInstanceId(release.getId())
        .activityId(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .finished()
        .listPage(0, 10)
        .stream()
        .anyMatch(deployment -> !deployment.isCanceled());
  }

  private String version(HistoricProcessInstance release) {
    HistoricVariableInstance version =
        history
            .createHistoricVariableInstanceQuery()
            .processInstanceId(release.getId())
            .variableName(VERSION.getName())
            .listPage(0, 1)
            .stream()
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Release "
                            + release.getBusinessKey()
                            + " reached production without a version"));
    return (String) version.getValue();
  }
}
