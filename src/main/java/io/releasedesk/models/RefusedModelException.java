package io.releasedesk.models;

import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;

/** A deployment holds a model that could run code; nothing is deployed. The engine REST API answers 400. */
public class RefusedModelException extends BadUserRequestException {

  public RefusedModelException(String resourceName, List<String> problems) {
    super(
        "Release Desk does not deploy "
            + resourceName
            + ", because models may not run code: "
            + String.join("; ", problems));
  }
}
