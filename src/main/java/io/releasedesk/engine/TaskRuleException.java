package io.releasedesk.engine;

import org.camunda.bpm.engine.AuthorizationException;

/**
 * Someone used a task in a way Release Desk's rules forbid (ending it with a code its model does not catch, erasing a
 * comment, delegating it). Forbidden (403) on every way in, administrators included.
 */
public class TaskRuleException extends AuthorizationException {

  public TaskRuleException(String message) {
    super(message);
  }
}
