package io.releasedesk.approval;

import org.camunda.bpm.engine.AuthorizationException;

/** An approval the four-eyes rule forbids. The engine REST API answers it with 403 Forbidden. */
public class FourEyesViolationException extends AuthorizationException {

  public FourEyesViolationException(String message) {
    super(message);
  }
}
