package io.releasedesk.qa;

import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_NUMBER;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPLOYMENT_FAILURE;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Numbers the next release candidate of the release's version. A new candidate is verified afresh: the verdict on the
 * previous one is cleared, so that QA starts from a blank form (what was fixed stays visible).
 */
@Component
public class CutReleaseCandidate implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    int number = CANDIDATE_NUMBER.from(execution).getOrDefault(0) + 1;
    CANDIDATE_NUMBER.on(execution).set(number);
    CANDIDATE_VERSION.on(execution).set(ReleaseCandidates.candidateVersion(VERSION.from(execution).get(), number));
    QA_RESULT.on(execution).remove();
    DEFECTS_FOUND.on(execution).remove();
    TEST_SUMMARY.on(execution).remove();
    DEPLOYMENT_FAILURE.on(execution).remove();
  }
}
