package io.releasedesk.reminders;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;

/** How long a user task has until it is due, and until it is escalated, by configuration and the release's risk. */
@Component
public class DueDates {

  private final DueDateProperties properties;

  public DueDates(DueDateProperties properties) {
    this.properties = properties;
  }

  /**
   * The time from when the task opens until it is due: its configured time, shortened (or lengthened) by the factor
   * of the risk level; a release whose risk is not yet assessed ({@code null}) keeps the configured time. Whole
   * minutes, at least one.
   */
  public Duration dueIn(String taskId, String riskLevel) {
    Duration configured = properties.tasks().getOrDefault(taskId, properties.otherTasks());
    double factor = riskLevel == null ? 1 : properties.riskFactors().getOrDefault(riskLevel, 1.0);
    long minutes = Math.round(configured.toMinutes() * factor);
    return Duration.of(Math.max(1, minutes), ChronoUnit.MINUTES);
  }

  /** The time from when the task opens until it is escalated: its due time and the configured delay after it. */
  public Duration escalateIn(String taskId, String riskLevel) {
    return dueIn(taskId, riskLevel).plus(properties.escalateAfter());
  }
}
