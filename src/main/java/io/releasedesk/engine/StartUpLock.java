package io.releasedesk.engine;

import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets one node at a time do its start-up work on the shared database: the work runs in one transaction that first
 * locks the row of {@code rd_start_up_lock} ({@code select ... for update}, created by Liquibase). A second node
 * starting at the same moment waits at that row until the first commits, then sees what the first created. The
 * engine's calls join the transaction (the engine runs on Spring's transaction manager), so all the work commits
 * together, or not at all.
 */
@Component
public class StartUpLock {

  static final String ROW = "start-up";

  private final TransactionTemplate transaction;
  private final JdbcTemplate jdbc;

  public StartUpLock(PlatformTransactionManager transactionManager, DataSource dataSource) {
    this.transaction = new TransactionTemplate(transactionManager);
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /** Runs the work holding the lock, in one transaction; returns its result. */
  public <T> T holding(Supplier<T> work) {
    return transaction.execute(
        status -> {
          jdbc.queryForObject(
              "select name from rd_start_up_lock where name = ? for update", String.class, ROW);
          return work.get();
        });
  }
}
