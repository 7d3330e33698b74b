package io.releasedesk.calendar;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The freeze windows, in Release Desk's tables {@code rd_freeze_window} and {@code rd_freeze_window_service}
 * (db/changelog/calendar.yaml).
 */
@Repository
public class FreezeWindows {

  /** Reading every window to check a release: far more than anyone keeps, and a bound. */
  static final int MAX_WINDOWS = 10_000;

  private final JdbcClient jdbc;

  public FreezeWindows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional
  public FreezeWindow create(
      Instant start,
      Instant end,
      String reason,
      List<String> services,
      String recurrence,
      String createdBy,
      Instant createdAt) {
    var window =
        new FreezeWindow(
            UUID.randomUUID().toString(),
            start,
            end,
            reason,
            services,
            recurrence,
            createdBy,
            createdAt);
    jdbc.sql(
            "insert into rd_freeze_window (id, starts_at, ends_at, reason, recurrence, created_by, created_at)"
                + " values (?, ?, ?, ?, ?, ?, ?)")
        .params(window.id(), utc(start), utc(end), reason, recurrence, createdBy, utc(createdAt))
        .update();
    for (String service : window.services()) {
      jdbc.sql("insert into rd_freeze_window_service (freeze_window_id, service) values (?, ?)")
          .params(window.id(), service)
          .update();
    }
    return window;
  }

  /** The windows in the order they start, from {@code firstResult}, at most {@code maxResults}. */
  public List<FreezeWindow> list(int firstResult, int maxResults) {
    List<Row> rows =
        jdbc.sql(
                "select id, starts_at, ends_at, reason, recurrence, created_by, created_at"
                    + " from rd_freeze_window order by starts_at, id offset ? rows fetch next ? rows only")
            .params(firstResult, maxResults)
            .query(FreezeWindows::row)
            .list();
    return withServices(rows);
  }

  /** Every window that holds back releases of this service. */
  public List<FreezeWindow> applyingTo(String service) {
    return list(0, MAX_WINDOWS).stream().filter(window -> window.appliesTo(service)).toList();
  }

  public long count() {
    return jdbc.sql("select count(*) from rd_freeze_window").query(Long.class).single();
  }

  public Optional<FreezeWindow> find(String id) {
    List<Row> rows =
        jdbc.sql(
                "select id, starts_at, ends_at, reason, recurrence, created_by, created_at"
                    + " from rd_freeze_window where id = ?")
            .param(id)
            .query(FreezeWindows::row)
            .list();
    return withServices(rows).stream().findFirst();
  }

  /** Deletes the window; false if there was none of this id. */
  @Transactional
  public boolean delete(String id) {
    jdbc.sql("delete from rd_freeze_window_service where freeze_window_id = ?").param(id).update();
    return jdbc.sql("delete from rd_freeze_window where id = ?").param(id).update() > 0;
  }

  private record Row(
      String id,
      Instant start,
      Instant end,
      String reason,
      String recurrence,
      String createdBy,
      Instant createdAt) {}

  private static Row row(ResultSet rs, int rowNumber) throws SQLException {
    return new Row(
        rs.getString("id"),
        instant(rs, "starts_at"),
        instant(rs, "ends_at"),
        rs.getString("reason"),
        rs.getString("recurrence"),
        rs.getString("created_by"),
        instant(rs, "created_at"));
  }

  private List<FreezeWindow> withServices(List<Row> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, List<String>> services = new LinkedHashMap<>();
    rows.forEach(row -> services.put(row.id(), new ArrayList<>()));
    jdbc.sql(
            "select freeze_window_id, service from rd_freeze_window_service where freeze_window_id in (:ids)"
                + " order by service")
        .param("ids", List.copyOf(services.keySet()))
        .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list()
        .forEach(entry -> services.get(entry.getKey()).add(entry.getValue()));
    return rows.stream()
        .map(
            row ->
                new FreezeWindow(
                    row.id(),
                    row.start(),
                    row.end(),
                    row.reason(),
                    services.get(row.id()),
                    row.recurrence(),
                    row.createdBy(),
                    row.createdAt()))
        .toList();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
