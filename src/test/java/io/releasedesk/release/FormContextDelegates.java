package io.releasedesk.release;

import io.releasedesk.timeline.ReleaseTimeline;
import io.releasedesk.timeline.TellTimeline;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.test.mock.Mocks;

/** The listeners that give the release's forms their context when a task opens, for process tests: the real ones. */
public final class FormContextDelegates {

  private FormContextDelegates() {}

  public static void register(ProcessEngine engine) {
    Mocks.register("previewRisk", new PreviewRisk());
    Mocks.register(
        "tellTimeline",
        new TellTimeline(
            new ReleaseTimeline(
                engine.getHistoryService(),
                engine.getTaskService(),
                engine.getRepositoryService(),
                engine.getIdentityService(),
                engine.getAuthorizationService(),
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())));
  }
}
