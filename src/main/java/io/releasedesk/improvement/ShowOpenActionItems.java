package io.releasedesk.improvement;

import static io.releasedesk.release.ReleaseProcess.Variables.OPEN_ACTION_ITEMS;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.stereotype.Component;

/**
 * When a planning round begins, the plan shows the service's open action items from earlier retrospectives, so that
 * their lessons reach the next release. Nothing when there are none.
 */
@Component
public class ShowOpenActionItems implements ExecutionListener {

  @Override
  public void notify(DelegateExecution execution) {
    var items = new ActionItems(execution.getProcessEngineServices().getHistoryService());
    String service = SERVICE.from(execution).get();
    OPEN_ACTION_ITEMS
        .on(execution)
        .set(Context.getCommandContext().runWithoutAuthorization(() -> items.openAsText(service)));
  }
}
