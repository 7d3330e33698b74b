package io.releasedesk.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.releasedesk.engine.ConflictException;
import io.releasedesk.engine.DatabaseUnavailableException;
import io.releasedesk.release.ReleaseNotFoundException;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Release Desk's API answers refusals as RFC 9457 problem details that say what was wrong. */
@RestControllerAdvice
class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  @ExceptionHandler({BadUserRequestException.class, FormFieldValidationException.class})
  ProblemDetail badRequest(ProcessEngineException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(AuthorizationException.class)
  ProblemDetail forbidden(AuthorizationException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler({ReleaseNotFoundException.class, NotFoundException.class})
  ProblemDetail notFound(RuntimeException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  /** Someone else changed or took the same task at the same moment; nothing of this request was stored. */
  @ExceptionHandler({OptimisticLockingException.class, TaskAlreadyClaimedException.class})
  ProblemDetail conflict(ProcessEngineException e) {
    return ProblemDetail.forStatusAndDetail(
        HttpStatus.CONFLICT,
        "Someone else changed or took the same task at the"
            + " same moment; nothing of this request was stored. Look at the release again and retry if still needed.");
  }

  /** The request conflicts with what is already there, e.g. the release it requests is under way. */
  @ExceptionHandler(ConflictException.class)
  ProblemDetail conflictingRequest(ConflictException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
  }

  /**
   * The database could not be reached, whether the engine noticed it or Release Desk's own queries did: nothing was
   * done, try again later. One WARN line in the log.
   */
  @ExceptionHandler({
    DatabaseUnavailableException.class,
    DataAccessResourceFailureException.class,
    TransientDataAccessResourceException.class,
    CannotCreateTransactionException.class
  })
  ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
    LOG.warn(
        "Answered 503: {}",
        DatabaseUnavailableException.of(e).map(Throwable::getMessage).orElse(e.getMessage()));
    LOG.debug("The database could not be reached", e);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(
            HttpHeaders.RETRY_AFTER,
            String.valueOf(DatabaseUnavailableException.RETRY_AFTER_SECONDS))
        .body(
            ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailableException.MESSAGE));
  }

  /** A body that is not JSON, or not of the shape expected: which field has the wrong type, if Jackson says so. */
  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    String detail = "The request body is not a JSON object of the expected fields";
    if (e.getCause() instanceof MismatchedInputException mismatch
        && !mismatch.getPath().isEmpty()) {
      String field =
          mismatch.getPath().stream()
              .map(JsonMappingException.Reference::getFieldName)
              .map(String::valueOf)
              .collect(Collectors.joining("."));
      detail = "'" + field + "' must be " + expected(mismatch.getTargetType());
    }
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
  }

  private static String expected(Class<?> type) {
    if (type == String.class) {
      return "text";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type != null && (Number.class.isAssignableFrom(type) || type.isPrimitive())) {
      return "a number";
    }
    return "of another type";
  }
}
