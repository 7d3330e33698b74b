package io.releasedesk.identity;

import org.camunda.bpm.engine.BadUserRequestException;

/** A user or group id that breaks {@link PeopleIds}' rule: the caller's mistake, answered with 400. */
public class InvalidIdException extends BadUserRequestException {

  public InvalidIdException(String message) {
    super(message);
  }
}
