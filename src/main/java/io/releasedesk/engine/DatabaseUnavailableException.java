package io.releasedesk.engine;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngineException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The database could not be reached while a request or a job was carried out: it is down, restarting, or the pool
 * found no working connection in time. Nothing of the request was stored (its transaction never committed), so the
 * caller may simply try again later. Every door answers it the same way, 503 with {@link #RETRY_AFTER_SECONDS} and
 * {@link #MESSAGE}: the engine REST APIs ({@link EngineRestErrors}), Release Desk's API, and requests that fail
 * before either, while the caller is authenticated ({@link DatabaseOutageAnswers}). A job that fails with it is
 * logged in one line and tried again; it is not lost.
 *
 * <p>What counts as unreachable, wherever it is in the chain of causes ({@link #isConnectionFailure}): the pool's
 * "connection not available" ({@link SQLTransientConnectionException}), a connection that broke
 * ({@link SQLNonTransientConnectionException}, SQL state class 08), PostgreSQL shutting down or starting
 * (57P01-57P03), and Spring's {@link CannotGetJdbcConnectionException}. The engine (MyBatis' PersistenceException,
 * Camunda's ProcessEnginePersistenceException) and Spring's transaction manager wrap these; {@link
 * RevealRuleViolations} turns any such failure of an engine command into this exception.
 */
public class DatabaseUnavailableException extends ProcessEngineException
    implements ExplainedFailure {

  /** How long a caller is asked to wait before trying again (the Retry-After header). */
  public static final int RETRY_AFTER_SECONDS = 30;

  /** What every door answers. */
  public static final String MESSAGE =
      "Release Desk cannot reach its database at the moment, so this request was not carried out and nothing of it"
          + " was stored. Try again in "
          + RETRY_AFTER_SECONDS
          + " seconds.";

  /** PostgreSQL: admin shutdown, crash shutdown, cannot connect now (starting or stopping). */
  private static final Set<String> SERVER_GOING_DOWN = Set.of("57P01", "57P02", "57P03");

  DatabaseUnavailableException(Throwable cause) {
    super(
        "The database could not be reached: "
            + Optional.ofNullable(innermostMessage(cause)).orElse(cause.getClass().getSimpleName()),
        cause);
  }

  /** Whether this failure, or one of its causes, says the database could not be reached. */
  public static boolean isConnectionFailure(Throwable failure) {
    return isConnectionFailure(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static boolean isConnectionFailure(Throwable failure, Set<Throwable> seen) {
    for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
      // a rollback that failed on the broken connection hides the failure that caused it
      if (cause instanceof TransactionSystemException rollback
          && rollback.getApplicationException() != null
          && isConnectionFailure(rollback.getApplicationException(), seen)) {
        return true;
      }
      if (cause instanceof DatabaseUnavailableException
          || cause instanceof CannotGetJdbcConnectionException
          || cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (cause instanceof SQLException sql) {
        for (SQLException next = sql; next != null; next = next.getNextException()) {
          String state = next.getSQLState();
          if (state != null && (state.startsWith("08") || SERVER_GOING_DOWN.contains(state))) {
            return true;
          }
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** This failure as the exception every door answers with 503, if the database could not be reached. */
  public static Optional<DatabaseUnavailableException> of(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DatabaseUnavailableException unavailable) {
        return Optional.of(unavailable);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return isConnectionFailure(failure)
        ? Optional.of(new DatabaseUnavailableException(failure))
        : Optional.empty();
  }

  private static String innermostMessage(Throwable failure) {
    Throwable innermost = failure;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    return innermost.getMessage();
  }
}
