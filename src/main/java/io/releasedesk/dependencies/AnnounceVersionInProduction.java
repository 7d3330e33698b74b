package io.releasedesk.dependencies;

import io.releasedesk.release.ReleaseProcess;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.stereotype.Component;

/**
 * "Version in production": tells every release that waits for dependencies that a version reached production, so
 * each checks its dependencies again and moves on by itself if they are now met. Whoever completed the step that
 * led here (operations confirming a manual deployment, say) may not see or move the other releases: this is Release
 * Desk's own doing, so it runs without their authorizations.
 */
@Component
public class AnnounceVersionInProduction implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    var runtime = execution.getProcessEngineServices().getRuntimeService();
    Context.getCommandContext()
        .runWithoutAuthorization(
            () -> {
              runtime
                  .createMessageCorrelation(ReleaseProcess.MESSAGE_VERSION_IN_PRODUCTION)
                  .correlateAll();
              return null;
            });
  }
}
