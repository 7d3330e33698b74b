package io.releasedesk.engine;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

/**
 * What a person submitted (a form, a request) breaks one of Release Desk's rules. Nothing is stored. As a form
 * validation error, the engine REST API answers it with 400 Bad Request and this message, like Release Desk's API.
 */
public class InvalidInputException extends FormFieldValidationException {

  public InvalidInputException(String message) {
    super(null, message);
  }
}
