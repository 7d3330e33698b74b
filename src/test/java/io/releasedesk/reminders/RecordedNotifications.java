package io.releasedesk.reminders;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Stands in for the notification delegate in process tests: records which milestone, for which task, each
 * notification step asked for.
 */
public class RecordedNotifications implements JavaDelegate {

  /** One notification step as it ran. */
  public record Notification(String milestone, String task, String processInstanceId) {}

  private final List<Notification> sent = new CopyOnWriteArrayList<>();
  private final JavaDelegate next;

  /** @param next the {@code notify} delegate registered before, which still announces; null for none */
  RecordedNotifications(JavaDelegate next) {
    this.next = next;
  }

  /** Records reminders and escalations, and passes every notification step on. */
  @Override
  public void execute(DelegateExecution execution) throws Exception {
    String milestone = (String) execution.getVariableLocal("milestone");
    if ("reminder".equals(milestone) || "escalation".equals(milestone)) {
      sent.add(
          new Notification(
              milestone,
              (String) execution.getVariableLocal("task"),
              execution.getProcessInstanceId()));
    }
    if (next != null) {
      next.execute(execution);
    }
  }

  public List<Notification> sent() {
    return List.copyOf(sent);
  }
}
