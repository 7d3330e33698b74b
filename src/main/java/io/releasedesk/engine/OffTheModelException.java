package io.releasedesk.engine;

import org.camunda.bpm.engine.AuthorizationException;

/**
 * Someone tried to move a process instance other than along its model (start it elsewhere than at its start event,
 * restart, modify or migrate it, fire its timer before it is due, delete its job), or to write its variables directly.
 * Forbidden (403) on every way in, administrators included (see {@link AlongItsModelOnly} and
 * {@link TimersFireWhenDue}).
 */
public class OffTheModelException extends AuthorizationException {

  public OffTheModelException(String message) {
    super(message);
  }
}
