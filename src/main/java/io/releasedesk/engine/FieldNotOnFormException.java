package io.releasedesk.engine;

import org.camunda.bpm.engine.AuthorizationException;

/**
 * Someone tried to write a variable through a task that its form does not ask for. Forbidden (403) on every way in,
 * like any other write one may not make.
 */
public class FieldNotOnFormException extends AuthorizationException {

  public FieldNotOnFormException(String message) {
    super(message);
  }
}
