package io.releasedesk.engine;

import org.camunda.bpm.engine.ProcessEngineException;

/**
 * A request that conflicts with what is already there, for example a second start of a release that is under way,
 * also one made at the same moment. Nothing of it is stored. Both APIs answer 409 Conflict with this message.
 */
public class ConflictException extends ProcessEngineException {

  public ConflictException(String message) {
    super(message);
  }
}
