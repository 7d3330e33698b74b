package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLATION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLED_BY;

import io.releasedesk.engine.EnteredText;
import io.releasedesk.engine.InvalidInputException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Records who cancelled a release and why. A cancellation without a reason is refused, and because this step runs
 * in the same transaction as the cancel message, the release then goes on as if nothing happened.
 */
@Component
public class RecordCancellation implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    String reason = CANCELLATION_REASON.from(execution).getOrNull();
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException(
          "Cancelling release "
              + execution.getProcessBusinessKey()
              + " needs a reason (variable '"
              + CANCELLATION_REASON.getName()
              + "')");
    }
    EnteredText.problem("The cancellation reason", reason)
        .ifPresent(
            problem -> {
              throw new InvalidInputException(problem);
            });
    Authentication user =
        execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    CANCELLED_BY.on(execution).set(user == null ? null : user.getUserId());
  }
}
