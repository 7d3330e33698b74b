package io.releasedesk.engine;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the engine's REST APIs (under {@code /engine-rest} and Tasklist's) answer a refusal. Camunda 7.24 answers 500
 * for much that is the caller's doing: its resources wrap most engine exceptions into a server error (completing a
 * task answers 400 only for form validation, setting a variable only for bad requests), and it has no answer of its
 * own for a concurrent change. Here an error whose cause is a refusal answers with the status the refusal means, with
 * Camunda's own body ({@code type}, {@code message}) and without an error in the log:
 *
 * <ul>
 *   <li>403 for a missing permission or a broken rule ({@link AuthorizationException});
 *   <li>404 for something that does not exist (any more), e.g. a task already completed ({@link NotFoundException});
 *   <li>409 for a change that lost a race against another one ({@link OptimisticLockingException}): nothing of it was
 *       stored, and trying again works on what the other change left; and for claiming a task someone else holds
 *       ({@link TaskAlreadyClaimedException}); and for a request that conflicts with what is already there, such as a
 *       second start of a release under way ({@link ConflictException});
 *   <li>400 for any other bad input ({@link BadUserRequestException}, {@link FormFieldValidationException});
 *   <li>503 with {@code Retry-After} when the database could not be reached ({@link DatabaseUnavailableException}):
 *       nothing was done, try again later. Logged as one WARN line, not as an error with a stack trace.
 * </ul>
 *
 * The message is the refusal's own, as the rule says it, without the REST layer's prefix naming the task or
 * definition by its internal id. Ranked before Camunda's own mappers of the same exceptions.
 */
public final class EngineRestErrors {

  private static final Logger LOG = LoggerFactory.getLogger(EngineRestErrors.class);

  private EngineRestErrors() {}

  /** The status a refusal in the chain of causes means, the first one found from the outside in. */
  static Optional<Status> refusal(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      Optional<Status> status = statusOf(cause);
      if (status.isPresent()) {
        return status;
      }
    }
    return Optional.empty();
  }

  /** The status this exception itself means, if it is a refusal. */
  private static Optional<Status> statusOf(Throwable exception) {
    if (exception instanceof AuthorizationException) {
      return Optional.of(Status.FORBIDDEN);
    }
    if (exception instanceof NotFoundException) {
      return Optional.of(Status.NOT_FOUND);
    }
    if (exception instanceof OptimisticLockingException
        || exception instanceof TaskAlreadyClaimedException
        || exception instanceof ConflictException) {
      return Optional.of(Status.CONFLICT);
    }
    if (exception instanceof BadUserRequestException
        || exception instanceof FormFieldValidationException) {
      return Optional.of(Status.BAD_REQUEST);
    }
    return Optional.empty();
  }

  private static boolean lostARace(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof OptimisticLockingException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The refusal's own words: the message of the first refusal in the chain of causes, without what the REST layer
   * puts in front of it ("Cannot submit task form 3f2a…: "), which names internal ids and no rule.
   */
  static String rule(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (statusOf(cause).isPresent() && cause.getMessage() != null) {
        return cause.getMessage();
      }
    }
    return exception.getMessage();
  }

  static Response answer(Throwable exception, Status camundasStatus) {
    Optional<DatabaseUnavailableException> unavailable = DatabaseUnavailableException.of(exception);
    if (unavailable.isPresent()) {
      LOG.warn("Answered 503: {}", unavailable.get().getMessage());
      LOG.debug("The database could not be reached", exception);
      var body = ExceptionHandlerHelper.getInstance().fromException(unavailable.get());
      body.setMessage(DatabaseUnavailableException.MESSAGE);
      return Response.status(Status.SERVICE_UNAVAILABLE)
          .header(HttpHeaders.RETRY_AFTER, DatabaseUnavailableException.RETRY_AFTER_SECONDS)
          .entity(body)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .build();
    }
    Optional<Status> refusal = refusal(exception);
    if (refusal.isEmpty()) {
      return ExceptionHandlerHelper.getInstance().getResponse(exception);
    }
    Status status = camundasStatus.getStatusCode() >= 500 ? refusal.get() : camundasStatus;
    LOG.debug("Refused with {}: {}", status.getStatusCode(), exception.getMessage());
    String message = rule(exception);
    if (lostARace(exception)) {
      message +=
          " (someone else changed the same thing at the same moment; nothing of this request was stored,"
              + " try again)";
    }
    var body = ExceptionHandlerHelper.getInstance().fromException(exception);
    body.setMessage(message);
    return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  /** Errors the REST resources raise, often wrapping the engine's exception as a server error. */
  @Priority(Priorities.USER - 100)
  public static class Rest implements ExceptionMapper<RestException> {

    @Override
    public Response toResponse(RestException exception) {
      Status status =
          exception.getStatus() == null ? Status.INTERNAL_SERVER_ERROR : exception.getStatus();
      return answer(exception, status);
    }
  }

  /** The engine's exceptions as they reach the REST layer unwrapped. */
  @Priority(Priorities.USER - 100)
  public static class Engine implements ExceptionMapper<ProcessEngineException> {

    @Override
    public Response toResponse(ProcessEngineException exception) {
      return answer(exception, ExceptionHandlerHelper.getInstance().getStatus(exception));
    }
  }
}
