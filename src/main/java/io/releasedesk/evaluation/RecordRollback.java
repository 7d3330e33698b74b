package io.releasedesk.evaluation;

import static io.releasedesk.engine.EnteredText.MAX_LENGTH;
import static io.releasedesk.release.ReleaseProcess.Variables.CLASSIFICATION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPLOYMENT_FAILURE;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_CLASSIFICATION;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** A release whose production deployment failed and was rolled back ends classified as failed. */
@Component
public class RecordRollback implements ExecutionListener {

  @Override
  public void notify(DelegateExecution execution) {
    RELEASE_CLASSIFICATION.on(execution).set(Classification.FAILED.value());
    String failure = DEPLOYMENT_FAILURE.from(execution).getOrNull();
    String reason =
        "Rolled back after its production deployment"
            + (failure == null || failure.isBlank() ? "" : ": " + failure);
    CLASSIFICATION_REASON
        .on(execution)
        .set(reason.length() > MAX_LENGTH ? reason.substring(0, MAX_LENGTH) : reason);
  }
}
