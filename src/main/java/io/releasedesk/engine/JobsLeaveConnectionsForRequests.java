package io.releasedesk.engine;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * A job holds a database connection from its start to its end, also while it waits for something else: a git fetch
 * behind the repository's lock, a deployment target's answer, a health check's attempts. While it announces a
 * milestone it holds a second one for a moment, as each delivery is recorded in a transaction of its own. Had the job
 * executor's threads as many connections as the pool, requests would wait for the jobs and be answered 503 under load
 * (and jobs would wait for each other's second connection). So the pool must keep half of itself for requests when
 * every job thread holds two connections: at least four per job thread. Release Desk refuses to start otherwise, and
 * says what to set.
 */
@Component
class JobsLeaveConnectionsForRequests {

  /** The connections one job may hold at once: its own transaction's and a delivery record's. */
  static final int CONNECTIONS_PER_JOB = 2;

  JobsLeaveConnectionsForRequests(
      ObjectProvider<JobExecutor> jobExecutor, ObjectProvider<DataSource> dataSource) {
    jobExecutor.ifAvailable(
        executor -> {
          HikariDataSource pool =
              dataSource.getIfAvailable() == null
                  ? null
                  : DataSourceUnwrapper.unwrap(dataSource.getObject(), HikariDataSource.class);
          if (executor instanceof SpringJobExecutor spring
              && spring.getTaskExecutor() instanceof ThreadPoolTaskExecutor threads
              && pool != null) {
            check(threads.getMaxPoolSize(), pool.getMaximumPoolSize());
          }
        });
  }

  static void check(int jobThreads, int poolSize) {
    int needed = 2 * CONNECTIONS_PER_JOB * jobThreads;
    if (poolSize < needed) {
      throw new IllegalStateException(
          "The job executor runs up to "
              + jobThreads
              + " jobs at once, each holding up to "
              + CONNECTIONS_PER_JOB
              + " database connections, but the pool has "
              + poolSize
              + ": requests would wait for the jobs and be answered 503. Keep half of the pool for requests:"
              + " set spring.datasource.hikari.maximum-pool-size (RELEASEDESK_DB_POOL_SIZE) to at least "
              + needed
              + ", or camunda.bpm.job-execution.max-pool-size (RELEASEDESK_JOB_THREADS) to at most "
              + Math.max(1, poolSize / (2 * CONNECTIONS_PER_JOB))
              + ".");
    }
  }
}
