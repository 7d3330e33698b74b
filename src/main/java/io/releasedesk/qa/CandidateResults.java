package io.releasedesk.qa;

import io.releasedesk.qa.TestResultsIntake.Received;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each candidate's test results and the quality gate's verdict, as they arrived: table {@code rd_candidate_result}
 * (db/changelog/qa.yaml). Kept beyond the release's variables, which the next candidate clears.
 */
final class CandidateResults {

  static final int MAX_ROWS = 500;

  private CandidateResults() {}

  static void store(JdbcClient jdbc, String id, String service, Received received) {
    jdbc.sql(
            "insert into rd_candidate_result (id, release_key, service, candidate_version, candidate_commit,"
                + " received_at, posted_by, passed, failed, skipped, pass_rate, critical_failures, coverage,"
                + " coverage_change, open_blockers, run_url, verdict, verdict_reason)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            id,
            received.releaseKey(),
            service,
            received.candidate(),
            received.commit(),
            Timestamp.from(received.receivedAt()),
            received.postedBy(),
            received.passed(),
            received.failed(),
            received.skipped(),
            received.passRate(),
            received.criticalFailures(),
            received.coverage(),
            received.coverageChange(),
            received.openBlockers(),
            received.runUrl(),
            received.verdict(),
            received.reason())
        .update();
  }

  /**
   * QA's override of the gate's {@code fail} on the candidate's results; false when the candidate has no failed
   * results to override (they were posted before this table kept overrides, say).
   */
  static boolean override(
      JdbcClient jdbc,
      String releaseKey,
      String candidate,
      String by,
      Instant at,
      String justification) {
    return jdbc.sql(
                "update rd_candidate_result set overridden_by = ?, overridden_at = ?, override_justification = ?"
                    + " where release_key = ? and candidate_version = ? and verdict = 'fail' and overridden_by is null")
            .params(by, Timestamp.from(at), justification, releaseKey, candidate)
            .update()
        > 0;
  }

  /** The results of a release's candidates, the first candidate first. */
  static List<Received> of(JdbcClient jdbc, String releaseKey) {
    return jdbc
        .sql(
            "select * from rd_candidate_result where release_key = ? order by received_at, candidate_version")
        .param(releaseKey)
        .query(CandidateResults::received)
        .list()
        .stream()
        .limit(MAX_ROWS)
        .toList();
  }

  /** The coverage of the last candidate of a release that the gate did not fail: the one that shipped. */
  static Optional<Double> shippedCoverage(JdbcClient jdbc, String releaseKey) {
    return of(jdbc, releaseKey).stream()
        .filter(received -> !"fail".equals(received.verdict()) && received.coverage() != null)
        .reduce((first, second) -> second)
        .map(Received::coverage);
  }

  private static Received received(ResultSet row, int number) throws SQLException {
    return new Received(
        row.getString("release_key"),
        row.getString("candidate_version"),
        row.getString("candidate_commit"),
        row.getTimestamp("received_at").toInstant(),
        row.getString("posted_by"),
        row.getInt("passed"),
        row.getInt("failed"),
        row.getInt("skipped"),
        nullable(row, "pass_rate", Double.class),
        nullable(row, "critical_failures", Integer.class),
        nullable(row, "coverage", Double.class),
        nullable(row, "coverage_change", Double.class),
        nullable(row, "open_blockers", Integer.class),
        row.getString("run_url"),
        row.getString("verdict"),
        row.getString("verdict_reason"),
        row.getString("overridden_by"),
        instant(row.getTimestamp("overridden_at")),
        row.getString("override_justification"));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static <T> T nullable(ResultSet row, String column, Class<T> type) throws SQLException {
    Object value = row.getObject(column);
    if (value == null) {
      return null;
    }
    Number number = (Number) value;
    return type.cast(
        type == Double.class ? (Object) number.doubleValue() : (Object) number.intValue());
  }
}
