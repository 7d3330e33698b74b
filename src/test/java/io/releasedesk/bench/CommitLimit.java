package io.releasedesk.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The database's own commit limit, measured as {@code pgbench -N} measures it without its extra statements: each
 * thread, on a connection of its own, updates one random row of a table of {@value #ROWS} rows and commits, as fast as
 * it can. Same server, same JDBC driver as the engine.
 */
final class CommitLimit {

  static final int ROWS = 100_000;

  private final DataSource database;

  CommitLimit(DataSource database) {
    this.database = database;
  }

  void createTable() throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "create table bench_accounts (id integer primary key, balance bigint not null)");
      statement.execute(
          "insert into bench_accounts select id, 0 from generate_series(1, " + ROWS + ") id");
      statement.execute("vacuum analyze bench_accounts");
    }
  }

  /** Commits per second of {@code threads} threads updating and committing for the given time. */
  double commitsPerSecond(int threads, Duration duration) throws InterruptedException {
    var commits = new AtomicLong();
    var failure = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    var workers = new ArrayList<Thread>();
    long start = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      var worker =
          new Thread(
              () -> {
                try (Connection connection = database.getConnection()) {
                  connection.setAutoCommit(false);
                  try (var update =
                      connection.prepareStatement(
                          "update bench_accounts set balance = balance + ? where id = ?")) {
                    while (System.nanoTime() < end) {
                      update.setInt(1, ThreadLocalRandom.current().nextInt(-5000, 5000));
                      update.setInt(2, ThreadLocalRandom.current().nextInt(1, ROWS + 1));
                      update.executeUpdate();
                      connection.commit();
                      commits.incrementAndGet();
                    }
                  }
                } catch (SQLException e) {
                  failure.incrementAndGet();
                  throw new IllegalStateException(e);
                }
              },
              "commit-limit-" + i);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failure.get() > 0) {
      throw new IllegalStateException("The commit loop failed; see the log");
    }
    return commits.get() / seconds;
  }
}
