package io.releasedesk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.junit.jupiter.api.Test;

/** A write that lost a race in the database is told as a concurrent change (409), any other failure as it is. */
class RevealRuleViolationsTest {

  @Test
  void aLockTimeoutOrDeadlockIsAConcurrentChange() {
    // H2's batch insert that timed out waiting for a lock, as the engine reports it when it flushes
    var batch =
        new BatchUpdateException("Timeout trying to lock table", "HYT00", 50200, new int[0]);
    assertThatThrownBy(() -> run(new ProcessEnginePersistenceException("flush failed", batch)))
        .isInstanceOf(OptimisticLockingException.class)
        .hasMessageContaining("at the same moment");

    var deadlock = new SQLException("batch failed");
    deadlock.setNextException(new SQLException("deadlock detected", "40P01"));
    assertThatThrownBy(() -> run(new ProcessEnginePersistenceException("flush failed", deadlock)))
        .isInstanceOf(OptimisticLockingException.class);
  }

  @Test
  void aRaceAListenerFoundLostIsAConcurrentChange() {
    // the engine wraps what a task listener threw
    var lost = new OptimisticLockingException("'Approve release' was decided by someone else");
    var wrapped =
        new ProcessEngineException(
            "ENGINE-03051 There was an exception while invoking the TaskListener",
            new ProcessEngineException("Exception while invoking TaskListener", lost));
    assertThatThrownBy(() -> run(wrapped)).isSameAs(lost);
  }

  @Test
  void otherDatabaseFailuresStayWhatTheyAre() {
    var full =
        new ProcessEnginePersistenceException(
            "flush failed", new SQLException("disk full", "53100"));
    assertThatThrownBy(() -> run(full)).isSameAs(full);
    var notPersistence = new ProcessEngineException("other", new SQLException("timeout", "HYT00"));
    assertThatThrownBy(() -> run(notPersistence)).isSameAs(notPersistence);
    assertThat(RevealRuleViolations.lostRace(new RuntimeException("no SQL"))).isFalse();
  }

  private static void run(RuntimeException failure) {
    var interceptor = new RevealRuleViolations();
    interceptor.setNext(
        new CommandExecutor() {
          @Override
          public <T> T execute(Command<T> command) {
            throw failure;
          }
        });
    interceptor.execute(commandContext -> null);
  }
}
