package io.releasedesk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures mean the database could not be reached (answered 503), and which do not. */
class DatabaseUnavailableExceptionTest {

  @Test
  void aConnectionThatCouldNotBeHadOrBrokeIsAnOutage() {
    // the pool found no connection in time, as Spring's transaction manager reports it
    assertThat(
            DatabaseUnavailableException.isConnectionFailure(
                new CannotCreateTransactionException(
                    "Could not open JDBC Connection for transaction",
                    new SQLTransientConnectionException("Connection is not available"))))
        .isTrue();
    // a connection broke under the engine (SQL state class 08), wrapped by MyBatis and Camunda
    assertThat(
            DatabaseUnavailableException.isConnectionFailure(
                new ProcessEnginePersistenceException(
                    "An exception occurred in the persistence layer",
                    new PersistenceException(
                        new SQLException("An I/O error occurred while sending", "08006")))))
        .isTrue();
    // PostgreSQL shutting down or starting
    assertThat(
            DatabaseUnavailableException.isConnectionFailure(
                new SQLException("terminating connection due to administrator command", "57P01")))
        .isTrue();
    assertThat(
            DatabaseUnavailableException.isConnectionFailure(
                new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")))
        .isTrue();
  }

  @Test
  void aRollbackThatFailedOnTheBrokenConnectionIsAnOutage() {
    // the engine's read broke (08006); rolling back on that connection then failed as well, and
    // Spring's
    // transaction manager throws the rollback's failure, keeping the read's as its application
    // exception
    var brokenRead =
        new ProcessEnginePersistenceException(
            "An exception occurred in the persistence layer",
            new PersistenceException(
                new SQLException("An I/O error occurred while sending", "08006")));
    var rollback =
        new TransactionSystemException(
            "JDBC rollback failed", new SQLException("Connection is closed"));
    rollback.initApplicationException(brokenRead);
    assertThat(DatabaseUnavailableException.isConnectionFailure(rollback)).isTrue();
    // also as the cause of the engine's own exception, which Camunda's wrappers make of it
    assertThat(
            DatabaseUnavailableException.isConnectionFailure(
                new ProcessEnginePersistenceException("persistence", rollback)))
        .isTrue();
    // a rollback that failed after a failure of another kind is no outage
    var other =
        new TransactionSystemException("JDBC rollback failed", new SQLException("something"));
    other.initApplicationException(new IllegalStateException("bug"));
    assertThat(DatabaseUnavailableException.isConnectionFailure(other)).isFalse();
  }

  @Test
  void otherDatabaseFailuresAreNot() {
    assertThat(
            DatabaseUnavailableException.isConnectionFailure(
                new ProcessEnginePersistenceException(
                    "An exception occurred in the persistence layer",
                    new PersistenceException(new SQLException("duplicate key", "23505")))))
        .isFalse();
    assertThat(
            DatabaseUnavailableException.isConnectionFailure(
                new SQLException("deadlock detected", "40P01")))
        .isFalse();
    assertThat(DatabaseUnavailableException.of(new IllegalStateException("bug"))).isEmpty();
  }

  @Test
  void theAnswerSaysWhatHappenedAndThatNothingWasDone() {
    var unavailable =
        DatabaseUnavailableException.of(
                new CannotCreateTransactionException(
                    "Could not open JDBC Connection",
                    new SQLTransientConnectionException(
                        "Connection is not available",
                        new java.net.ConnectException("Connection refused"))))
            .orElseThrow();

    assertThat(unavailable.getMessage())
        .isEqualTo("The database could not be reached: Connection refused");
    assertThat(DatabaseUnavailableException.MESSAGE)
        .contains("cannot reach its database", "nothing of it was stored", "30 seconds");
    // an exception that already is one is kept, not wrapped again
    assertThat(DatabaseUnavailableException.of(new RuntimeException(unavailable)))
        .containsSame(unavailable);
  }
}
