package io.releasedesk.qa;

import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_NUMBER;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPLOYMENT_FAILURE;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_RESULTS_TIMEOUT;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.release.ReleaseProcess.Variables;
import io.releasedesk.versioning.Candidates;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Numbers the next release candidate of the release's version and pins it to the commit at the head of the service's
 * branch (tagging it there if the service tags its candidates). A new candidate is verified afresh: the verdict on the
 * previous one is cleared, so that QA starts from a blank form (what was fixed stays visible), and waits for its own
 * test results, as long as configured. A repository that cannot be read fails the step (retries, then an incident);
 * no candidate is cut then.
 */
@Component
public class CutReleaseCandidate implements JavaDelegate {

  private final ServiceCatalog catalog;
  private final Candidates candidates;
  private final QaProperties qa;

  public CutReleaseCandidate(ServiceCatalog catalog, Candidates candidates, QaProperties qa) {
    this.catalog = catalog;
    this.candidates = candidates;
    this.qa = qa;
  }

  @Override
  public void execute(DelegateExecution execution) {
    int number = CANDIDATE_NUMBER.from(execution).getOrDefault(0) + 1;
    String candidateVersion =
        ReleaseCandidates.candidateVersion(VERSION.from(execution).get(), number);
    String commit =
        candidates.cut(catalog.ofRelease(SERVICE.from(execution).get()), candidateVersion);
    CANDIDATE_NUMBER.on(execution).set(number);
    CANDIDATE_VERSION.on(execution).set(candidateVersion);
    CANDIDATE_COMMIT.on(execution).set(commit);
    QA_RESULT.on(execution).remove();
    DEFECTS_FOUND.on(execution).remove();
    TEST_SUMMARY.on(execution).remove();
    DEPLOYMENT_FAILURE.on(execution).remove();
    TEST_RESULTS_TIMEOUT.on(execution).set(qa.resultsTimeout().toString());
    TestResultsIntake.RESULTS.forEach(execution::removeVariable);
    execution.removeVariable(Variables.TEST_REPORT);
  }
}
