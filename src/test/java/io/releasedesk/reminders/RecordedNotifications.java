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

  @Override
  public void execute(DelegateExecution execution) {
    sent.add(new Notification((String) execution.getVariableLocal("milestone"),
        (String) execution.getVariableLocal("task"), execution.getProcessInstanceId()));
  }

  public List<Notification> sent() {
    return List.copyOf(sent);
  }
}
