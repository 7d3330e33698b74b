package io.releasedesk.engine;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * The engine wraps an exception thrown by a listener into a generic "exception while invoking the listener". When the
 * listener refused the user's request (bad input, a rule such as four eyes, or a
 * conflict with a release under way), the caller should see that refusal,
 * so that the REST API answers 400 or 403 with the rule's own message instead of 500. This outermost interceptor
 * rethrows such a cause after the transaction has been rolled back.
 */
class RevealRuleViolations extends CommandInterceptor {

  @Override
  public <T> T execute(Command<T> command) {
    try {
      return next.execute(command);
    } catch (ProcessEngineException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof BadUserRequestException
            || cause instanceof AuthorizationException
            || cause instanceof FormFieldValidationException
            || cause instanceof ConflictException) {
          throw (ProcessEngineException) cause;
        }
      }
      throw e;
    }
  }
}
