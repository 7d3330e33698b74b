package io.releasedesk.improvement;

import static io.releasedesk.release.ReleaseProcess.Variables.ACTION_ITEMS;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.reminders.DueDateProperties;
import java.time.ZoneId;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Starts one improvement action per action item of the retrospective, business key {@code <releaseKey>#<n>}; the
 * release does not wait for them. Run again (a retried job), it starts only the items not yet started.
 */
@Component
public class StartImprovementActions implements JavaDelegate {

  private final DueDateProperties dueDates;

  public StartImprovementActions(DueDateProperties dueDates) {
    this.dueDates = dueDates;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String releaseKey = execution.getProcessBusinessKey();
    String service = ReleaseProcess.Variables.SERVICE.from(execution).get();
    // checked as the retrospective was completed; an owner who has left since still gets the task,
    // to hand over
    List<ActionItem> items = ActionItem.read(ACTION_ITEMS.from(execution).getOrNull());
    RuntimeService runtime = execution.getProcessEngineServices().getRuntimeService();
    for (int n = 1; n <= items.size(); n++) {
      String key = ImprovementAction.businessKey(releaseKey, n);
      if (runtime
              .createProcessInstanceQuery()
              .processDefinitionKey(ImprovementAction.KEY)
              .processInstanceBusinessKey(key)
              .count()
          > 0) {
        continue;
      }
      runtime.startProcessInstanceByKey(
          ImprovementAction.KEY, key, variables(items.get(n - 1), service, releaseKey));
    }
  }

  private VariableMap variables(ActionItem item, String service, String releaseKey) {
    String escalateAt =
        item.due()
            .atStartOfDay(ZoneId.systemDefault())
            .toInstant()
            .plus(dueDates.escalateAfter())
            .toString();
    return Variables.createVariables()
        .putValue(ImprovementAction.Variables.SERVICE.getName(), service)
        .putValue(ImprovementAction.Variables.RELEASE_KEY.getName(), releaseKey)
        .putValue(ImprovementAction.Variables.WHAT.getName(), item.what())
        .putValue(ImprovementAction.Variables.OWNER.getName(), item.owner())
        .putValue(ImprovementAction.Variables.DUE.getName(), item.due().toString())
        .putValue(ImprovementAction.Variables.ESCALATE_AT.getName(), escalateAt);
  }
}
