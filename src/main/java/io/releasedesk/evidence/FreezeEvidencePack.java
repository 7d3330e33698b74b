package io.releasedesk.evidence;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.stereotype.Component;

/**
 * At each end event of a release (completed, rolled back, cancelled), freezes its evidence pack in the transaction
 * that ends it: as that transaction commits, once the engine has written the end's history, so that the pack tells
 * the last steps too. Should the pack fail, the end is not committed either: the job is retried and, failing, an
 * incident in Cockpit.
 */
@Component
public class FreezeEvidencePack implements ExecutionListener {

  private final EvidencePacks packs;

  public FreezeEvidencePack(EvidencePacks packs) {
    this.packs = packs;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String processInstanceId = execution.getProcessInstanceId();
    Context.getCommandContext()
        .getTransactionContext()
        .addTransactionListener(
            TransactionState.COMMITTING, commandContext -> packs.freeze(processInstanceId));
  }
}
