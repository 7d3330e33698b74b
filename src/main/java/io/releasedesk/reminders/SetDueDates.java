package io.releasedesk.reminders;

import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;

import io.releasedesk.release.ReleaseProcess.Variables;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.springframework.stereotype.Component;

/**
 * Sets, for each user task of the model, how long it has until it is due and until it is escalated (ISO-8601
 * durations from when it opens), as the task's {@code camunda:dueDate} and its Due and Overdue timers read them.
 * Runs when a release or a deployment starts (however it is started, so that every task it reaches has them), and
 * again once the release's risk is assessed.
 */
@Component
public class SetDueDates implements ExecutionListener {

  private final DueDates dueDates;

  public SetDueDates(DueDates dueDates) {
    this.dueDates = dueDates;
  }

  /** The names of the variables it sets for the model of this execution. */
  public static Set<String> variableNames(DelegateExecution execution) {
    return userTasks(execution).stream()
        .flatMap(
            task ->
                Stream.of(
                    Variables.dueIn(task.getId()).getName(),
                    Variables.escalateIn(task.getId()).getName()))
        .collect(Collectors.toSet());
  }

  private static Collection<UserTask> userTasks(DelegateExecution execution) {
    return execution.getBpmnModelInstance().getModelElementsByType(UserTask.class);
  }

  @Override
  public void notify(DelegateExecution execution) {
    String riskLevel = RISK_LEVEL.from(execution).getOrNull();
    for (UserTask task : userTasks(execution)) {
      Variables.dueIn(task.getId())
          .on(execution.getProcessInstance())
          .set(dueDates.dueIn(task.getId(), riskLevel).toString());
      Variables.escalateIn(task.getId())
          .on(execution.getProcessInstance())
          .set(dueDates.escalateIn(task.getId(), riskLevel).toString());
    }
  }
}
