package io.releasedesk.engine;

import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.SignalCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * Signalling an execution ({@code POST /execution/{id}/signal}, {@code RuntimeService.signal}) makes it leave the step
 * it waits at: at a user task, the task vanishes and the release moves on without its form, its checks or the
 * four-eyes rule. Release Desk's steps move on by their own events only, so no person signals an execution,
 * administrators included. Trusted application code (no authenticated user) is not bound; it never signals either.
 */
class ExecutionsAreNotSignalled extends CommandInterceptor {

  static final String RULE = "Release Desk's steps move on by their own events: nobody signals an execution past a "
      + "step, administrators included; a task ends by completing its form";

  private final ProcessEngineConfigurationImpl engine;

  ExecutionsAreNotSignalled(ProcessEngineConfigurationImpl engine) {
    this.engine = engine;
  }

  @Override
  public <T> T execute(Command<T> command) {
    if (command instanceof SignalCmd && engine.getIdentityService().getCurrentAuthentication() != null) {
      throw new TaskRuleException(RULE);
    }
    return next.execute(command);
  }
}
