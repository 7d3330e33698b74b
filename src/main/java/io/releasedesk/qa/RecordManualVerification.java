package io.releasedesk.qa;

import static io.releasedesk.release.ReleaseProcess.Variables.TEST_RESULTS;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_RESULTS_TIMEOUT;
import static io.releasedesk.release.ReleaseProcess.Variables.VERIFIED_WITHOUT_RESULTS;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** No test results arrived in time: the release records that QA verifies its candidate by hand, without CI evidence. */
@Component
public class RecordManualVerification implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    VERIFIED_WITHOUT_RESULTS.on(execution).set(true);
    TEST_RESULTS
        .on(execution)
        .set(
            "No test results from CI within "
                + TEST_RESULTS_TIMEOUT.from(execution).get()
                + ": QA verifies this candidate by hand");
  }
}
