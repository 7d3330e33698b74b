package io.releasedesk.engine;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.impl.cmd.SaveAuthorizationCmd;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * The engine wraps an exception thrown by a listener into a generic "exception while invoking the listener". When the
 * listener refused the user's request (bad input, a rule such as four eyes, a conflict with a release under way, or a
 * race the listener found lost: what it checked was decided by someone else at the same moment),
 * the caller should see that refusal, so that the REST API answers 400 or 403 with the rule's own message instead of
 * 500. This outermost interceptor rethrows such a cause after the transaction has been rolled back.
 *
 * <p>Likewise, when the database refuses a write because another transaction holds the same rows (a lock wait that
 * timed out, a deadlock, a serialization failure), two people changed the same thing at the same moment: the engine
 * reports it as a persistence failure, but it is the same as a lost optimistic lock, so it is rethrown as one. The APIs
 * answer 409 (nothing of the request was stored; try again) and the job executor retries without using up a retry.
 * So is a grant that two transactions created at the same moment: both found none and inserted it, and the engine's
 * authorization table, whose unique keys ({@code ACT_UNIQ_AUTH_USER}, {@code ACT_UNIQ_AUTH_GROUP}) hold one grant per
 * person or group and resource, refused the second (as the engine itself treats a duplicate of a variable's unique key,
 * {@code ACT_UNIQ_VARIABLE}). Run again, the loser finds the grant and creates none. A duplicate of any other unique
 * key stays what it is: it means what its table says (one running release per key answers 409 with its reason).
 * Someone who creates an authorization explicitly (Admin, the engine REST API) that its user or group already holds
 * is no loser of a race, as running the request again would fail again: the request is refused (400) with the reason.
 *
 * <p>A command that failed because the database could not be reached, wherever the engine, MyBatis or Spring's
 * transaction manager noticed it, fails with {@link DatabaseUnavailableException}, which every door answers with
 * 503.
 */
class RevealRuleViolations extends CommandInterceptor {

  /**
   * SQL states of a write that lost a race: serialization failure or deadlock (40001, PostgreSQL's deadlock 40P01),
   * PostgreSQL's lock not available (55P03), H2's lock timeout (HYT00).
   */
  static final Set<String> LOST_RACE = Set.of("40001", "40P01", "55P03", "HYT00");

  /** SQL state of a duplicate unique key (PostgreSQL and H2). */
  static final String UNIQUE_VIOLATION = "23505";

  /** The names of the unique keys of the engine's authorization table, as PostgreSQL and H2 name them. */
  static final String AUTHORIZATION_KEYS = "act_uniq_auth_";

  @Override
  public <T> T execute(Command<T> command) {
    try {
      return next.execute(command);
    } catch (RuntimeException failure) {
      Optional<DatabaseUnavailableException> unavailable = DatabaseUnavailableException.of(failure);
      if (unavailable.isPresent()) {
        throw unavailable.get();
      }
      if (!(failure instanceof ProcessEngineException e)) {
        throw failure;
      }
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof BadUserRequestException
            || cause instanceof AuthorizationException
            || cause instanceof FormFieldValidationException
            || cause instanceof ConflictException
            || cause instanceof OptimisticLockingException) {
          throw (ProcessEngineException) cause;
        }
      }
      if (e instanceof ProcessEnginePersistenceException
          && command instanceof SaveAuthorizationCmd
          && anyOf(e, RevealRuleViolations::duplicateGrant)) {
        throw new BadUserRequestException(
            "This user or group already holds an authorization of this type on this resource: change that one",
            e);
      }
      if (e instanceof ProcessEnginePersistenceException && lostRace(e)) {
        throw new OptimisticLockingException(
            "Someone else changed the same thing at the same moment; nothing of this request was stored: try again");
      }
      throw e;
    }
  }

  static boolean lostRace(Throwable failure) {
    return anyOf(
        failure,
        sql ->
            (sql.getSQLState() != null && LOST_RACE.contains(sql.getSQLState()))
                || duplicateGrant(sql));
  }

  /** Whether the database refused the write with one of these SQL states. */
  static boolean sqlState(Throwable failure, Set<String> states) {
    return anyOf(failure, sql -> sql.getSQLState() != null && states.contains(sql.getSQLState()));
  }

  /** Whether the failure was caused by an SQL exception (or one chained to it) that matches. */
  private static boolean anyOf(Throwable failure, Predicate<SQLException> matches) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        for (SQLException next = sql; next != null; next = next.getNextException()) {
          if (matches.test(next)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean duplicateGrant(SQLException failure) {
    return UNIQUE_VIOLATION.equals(failure.getSQLState())
        && failure.getMessage() != null
        && failure.getMessage().toLowerCase(Locale.ROOT).contains(AUTHORIZATION_KEYS);
  }
}
