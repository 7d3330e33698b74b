package io.releasedesk.engine;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextFactory;

/**
 * The engine logs every failed command at ERROR with its stack trace, except a few kinds it knows to be the caller's
 * doing (a bad request, a missing permission, a concurrent change), which it logs at DEBUG. A refusal by one of
 * Release Desk's rules is the caller's doing as well, also when a listener threw it (the engine wraps it then) or
 * when it is a form validation error, and so is a message that matches no waiting release (cancelling a release that
 * is not running): logged at DEBUG too, so that the log's errors are the server's own. A write the database refused
 * because another transaction held the same rows, or a grant another transaction created at the same moment, is a
 * concurrent change as well (see {@link RevealRuleViolations}), and so is a duplicate written by two people working
 * on one task at once (see {@link SimultaneousCompletions}).
 * A database that cannot be reached is no refusal, but each door logs it in one line as it answers 503
 * ({@link DatabaseUnavailableException}): the engine's trace of it goes to DEBUG.
 */
class RefusalsAreNotErrors extends CommandContextFactory {

  RefusalsAreNotErrors(ProcessEngineConfigurationImpl engine) {
    setProcessEngineConfiguration(engine);
  }

  @Override
  public CommandContext createCommandContext() {
    return new CommandContext(processEngineConfiguration) {
      @Override
      protected boolean shouldLogFine(Throwable exception) {
        return super.shouldLogFine(exception)
            || isRefusal(exception)
            || RevealRuleViolations.lostRace(exception)
            || DatabaseUnavailableException.isConnectionFailure(exception)
            || SimultaneousCompletions.duplicateByRace(exception)
            || OneLineJobFailures.explained(exception).isPresent();
      }
    };
  }

  static boolean isRefusal(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof BadUserRequestException
          || cause instanceof AuthorizationException
          || cause instanceof FormFieldValidationException
          || cause instanceof ConflictException
          || cause instanceof MismatchingMessageCorrelationException
          // a race a listener found lost (RevealRuleViolations)
          || cause instanceof OptimisticLockingException) {
        return true;
      }
    }
    return false;
  }
}
