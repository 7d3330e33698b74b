package io.releasedesk.notification;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What has been delivered, per release, milestone, round and recipient (table {@code rd_notification_delivery}), so
 * that a retried step sends nothing twice. Each delivery is written in a transaction of its own at once: the step's
 * transaction rolls back when another recipient fails, the record of what did go out must stay. Whether one went out
 * is read in the step's transaction.
 */
@Component
public class Deliveries {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;

  public Deliveries(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Whether the recipient has been sent this notice, read in the step's own transaction: it sees every record
   * committed before (the database reads committed data, and each record commits at once), so a read of its own
   * would only add a commit per recipient.
   */
  public boolean delivered(DeliveryKey key, String recipient) {
    Integer count =
        jdbc.queryForObject(
            "select count(*) from rd_notification_delivery where process_instance_id = ? and activity_id = ?"
                + " and round_number = ? and recipient = ?",
            Integer.class,
            key.processInstanceId(),
            key.activityId(),
            key.round(),
            recipient);
    return count != null && count > 0;
  }

  public void record(DeliveryKey key, String recipient) {
    try {
      ownTransaction.executeWithoutResult(
          status ->
              jdbc.update(
                  "insert into rd_notification_delivery (process_instance_id, activity_id, round_number, recipient,"
                      + " release_key, milestone, delivered_at) values (?, ?, ?, ?, ?, ?, current_timestamp)",
                  key.processInstanceId(),
                  key.activityId(),
                  key.round(),
                  recipient,
                  key.releaseKey(),
                  key.milestone().id()));
    } catch (DuplicateKeyException alreadyThere) {
      // two nodes raced on the same job: it went out, which is what the row says
    }
  }

  /**
   * One passage of a notifying step.
   *
   * @param processInstanceId the process the step belongs to (the release, or one of its deployments)
   * @param activityId the step
   * @param round how many times the step was passed in that process before, plus one (a plan made again, a new
   *     candidate); the same when a job is retried
   * @param releaseKey and {@code milestone}: for people reading the table
   */
  public record DeliveryKey(
      String processInstanceId,
      String activityId,
      int round,
      String releaseKey,
      Milestone milestone) {}
}
