package io.releasedesk.engine;

import org.camunda.bpm.engine.AuthorizationException;

/**
 * Someone tried to delete a running release, its history, or the model it ran on. Forbidden (403) on every way in,
 * administrators included (see {@link EvidenceStays}).
 */
public class ErasesEvidenceException extends AuthorizationException {

  public ErasesEvidenceException(String message) {
    super(message);
  }
}
