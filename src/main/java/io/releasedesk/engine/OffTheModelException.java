package io.releasedesk.engine;

import org.camunda.bpm.engine.AuthorizationException;

/**
 * Someone tried to move a process instance other than along its model (start it elsewhere than at its start event,
 * restart, modify or migrate it), or to write its variables directly. Forbidden (403) on every way in, administrators
 * included (see {@link AlongItsModelOnly}).
 */
public class OffTheModelException extends AuthorizationException {

  public OffTheModelException(String message) {
    super(message);
  }
}
