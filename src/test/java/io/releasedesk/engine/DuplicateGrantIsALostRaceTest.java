package io.releasedesk.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cmd.SaveAuthorizationCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.junit.jupiter.api.Test;

/**
 * A grant that another transaction created at the same moment is a lost race (409, the job executor runs the job
 * again); an authorization created explicitly that already exists is refused (400); a duplicate of any other unique
 * key stays what it is.
 */
class DuplicateGrantIsALostRaceTest {

  @Test
  void aDuplicateGrantIsAConcurrentChange() {
    // PostgreSQL's batch insert, as the engine reports it when it flushes
    var batch =
        new BatchUpdateException(
            "Batch entry 0 insert into ACT_RU_AUTHORIZATION ... was aborted",
            "23505",
            0,
            new int[0]);
    batch.setNextException(
        new SQLException(
            "ERROR: duplicate key value violates unique constraint \"act_uniq_auth_group\"\n"
                + "  Detail: Key (type_, group_id_, resource_type_, resource_id_)="
                + "(1, release-managers, 8, 5f0c) already exists.",
            "23505"));
    assertThatThrownBy(() -> run(new ProcessEnginePersistenceException("flush failed", batch)))
        .isInstanceOf(OptimisticLockingException.class)
        .hasMessageContaining("at the same moment");

    // H2's
    var h2 =
        new SQLException(
            "Unique index or primary key violation: \"PUBLIC.ACT_UNIQ_AUTH_USER_INDEX_F ON"
                + " PUBLIC.ACT_RU_AUTHORIZATION(TYPE_ NULLS FIRST, USER_ID_ NULLS FIRST, ...)\"",
            "23505");
    assertThatThrownBy(() -> run(new ProcessEnginePersistenceException("flush failed", h2)))
        .isInstanceOf(OptimisticLockingException.class);
  }

  @Test
  void aDuplicateOfAnotherUniqueKeyStaysWhatItIs() {
    var runningRelease =
        new ProcessEnginePersistenceException(
            "flush failed",
            new SQLException(
                "ERROR: duplicate key value violates unique constraint \"uq_rd_running_release_key\"",
                "23505"));
    assertThatThrownBy(() -> run(runningRelease)).isSameAs(runningRelease);
    var group =
        new ProcessEnginePersistenceException(
            "flush failed",
            new SQLException(
                "ERROR: duplicate key value violates unique constraint \"act_id_group_pkey\"",
                "23505"));
    assertThatThrownBy(() -> run(group)).isSameAs(group);
  }

  @Test
  void creatingAnAuthorizationThatExistsIsRefusedWithTheReason() {
    var duplicate =
        new ProcessEnginePersistenceException(
            "flush failed",
            new SQLException(
                "ERROR: duplicate key value violates unique constraint \"act_uniq_auth_group\"",
                "23505"));
    var grant = new AuthorizationEntity(Authorization.AUTH_TYPE_GRANT);
    grant.setGroupId("release-managers");
    grant.setResource(Resources.PROCESS_INSTANCE);
    grant.setResourceId("5f0c");
    var interceptor = failingWith(duplicate);
    assertThatThrownBy(() -> interceptor.execute(new SaveAuthorizationCmd(grant)))
        .isInstanceOf(BadUserRequestException.class)
        .hasMessageContaining("already holds an authorization");
  }

  private static void run(RuntimeException failure) {
    failingWith(failure).execute(commandContext -> null);
  }

  private static RevealRuleViolations failingWith(RuntimeException failure) {
    var interceptor = new RevealRuleViolations();
    interceptor.setNext(
        new CommandExecutor() {
          @Override
          public <T> T execute(Command<T> command) {
            throw failure;
          }
        });
    return interceptor;
  }
}
