package io.releasedesk.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.releasedesk.engine.ConflictException;
import io.releasedesk.release.ReleaseNotFoundException;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Release Desk's API answers refusals as RFC 9457 problem details that say what was wrong. */
@RestControllerAdvice
class ApiErrors {

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
