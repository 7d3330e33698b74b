package io.releasedesk.release;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * When a release ends, whichever way (completed, rolled back, cancelled, deleted), its key is free again, in the same
 * transaction: the same release may then be requested anew.
 */
@Component
public class FreeReleaseKey implements ExecutionListener {

  private final RunningReleases runningReleases;

  public FreeReleaseKey(RunningReleases runningReleases) {
    this.runningReleases = runningReleases;
  }

  @Override
  public void notify(DelegateExecution execution) {
    runningReleases.free(execution.getProcessInstanceId());
  }
}
