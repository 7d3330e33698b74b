package io.releasedesk.release;

import io.releasedesk.engine.ConflictException;
import java.util.function.Predicate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The key ({@code service@version}) of each running release, once, in Release Desk's table {@code rd_running_release}
 * (db/changelog), whose primary key is the release key. A release holds its key from the transaction that starts it
 * to the one that ends it. The JdbcTemplate works on the connection of the engine's transaction (Spring's transaction
 * manager binds it to the data source both share), so a key is held exactly when the start is committed: of two
 * starts of the same release at the same moment, the database lets one commit and refuses the other.
 */
@Repository
public class RunningReleases {

  private final JdbcTemplate jdbc;

  public RunningReleases(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Holds the release key for this process instance, giving up any other key it held (a plan that changed the
   * version renames the release). A key still held by an instance that no longer runs (it ended without its end
   * listener: deleted skipping listeners, or started on a model without it) is taken over.
   *
   * @throws ConflictException if another running release holds the key, or is starting with it at this moment
   */
  void hold(String releaseKey, String processInstanceId, Predicate<String> running) {
    jdbc.update("delete from rd_running_release where process_instance_id = ?", processInstanceId);
    for (String holder :
        jdbc.queryForList(
            "select process_instance_id from rd_running_release where release_key = ?",
            String.class,
            releaseKey)) {
      if (running.test(holder)) {
        throw underWay(releaseKey);
      }
      jdbc.update(
          "delete from rd_running_release where release_key = ? and process_instance_id = ?",
          releaseKey,
          holder);
    }
    try {
      jdbc.update(
          "insert into rd_running_release (release_key, process_instance_id) values (?, ?)",
          releaseKey,
          processInstanceId);
    } catch (DuplicateKeyException | PessimisticLockingFailureException e) {
      // the other start committed first, or still holds the new row when the lock wait ends
      throw underWay(releaseKey);
    }
  }

  /** Gives up the key this process instance held, if any. */
  void free(String processInstanceId) {
    jdbc.update("delete from rd_running_release where process_instance_id = ?", processInstanceId);
  }

  static ConflictException underWay(String releaseKey) {
    return new ConflictException("Release " + releaseKey + " is already under way");
  }
}
