package io.releasedesk.support;

import io.releasedesk.release.ReleaseProcess;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.RuntimeService;

/** Clearing up after a test whose releases the job executor may be moving on at the same moment. */
public final class Cleanup {

  private Cleanup() {}

  /** Deletes every running release, as trusted code; a release the job executor just changed is deleted again. */
  public static void forgetReleases(RuntimeService runtimeService) {
    runtimeService
        .createProcessInstanceQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .listPage(0, 1000)
        .forEach(release -> forget(runtimeService, release.getId()));
  }

  public static void forget(RuntimeService runtimeService, String processInstanceId) {
    for (int attempt = 1; ; attempt++) {
      try {
        runtimeService.deleteProcessInstanceIfExists(
            processInstanceId, "test over", true, true, false, false);
        return;
      } catch (OptimisticLockingException | ProcessEnginePersistenceException e) {
        // the job executor moved the release on meanwhile (into a deployment, say): delete it as it
        // is now
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }
}
