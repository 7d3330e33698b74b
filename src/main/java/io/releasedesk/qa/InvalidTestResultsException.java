package io.releasedesk.qa;

import org.camunda.bpm.engine.BadUserRequestException;

/** Test results that cannot be read, or are too large: answered with 400 naming the problem; nothing is stored. */
public class InvalidTestResultsException extends BadUserRequestException {

  public InvalidTestResultsException(String message) {
    super(message);
  }
}
