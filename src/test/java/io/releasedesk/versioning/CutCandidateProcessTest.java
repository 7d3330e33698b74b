package io.releasedesk.versioning;

import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.REPOSITORY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.qa.CutReleaseCandidate;
import io.releasedesk.qa.QaProperties;
import io.releasedesk.release.ReleaseDriver;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcessSetup;
import io.releasedesk.reminders.Reminders;
import java.nio.file.Path;
import java.time.Duration;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Cut release candidate" in the release model, on a real repository: the candidate is pinned to the branch head and
 * its staging deployment gets that commit; an unreachable repository is retried, then an incident, and no candidate
 * is cut. Each release starts at the step, after its risk was assessed.
 */
@Deployment(resources = {"processes/release.bpmn", "processes/deployment.bpmn"})
class CutCandidateProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension =
      ProcessEngineCoverageExtension.builder(ReleaseProcessSetup.ENGINE_CONFIGURATION).build();

  ProcessEngine engine;
  ReleaseDriver driver;
  @TempDir Path temp;
  GitFixture ledger;
  RevCommit head;

  @BeforeEach
  void repositoryAndDelegates() throws Exception {
    BpmnAwareTests.init(engine);
    driver = new ReleaseDriver(engine);
    ledger = GitFixture.init(temp.resolve("ledger"));
    ledger.commit("feat: ledger");
    ledger.tag("v1.4.0");
    head = ledger.commit("feat: monthly statements");
    var catalog =
        GitFixture.catalog(
            temp,
            """
        services:
          ledger:
            repository: %s
            owners: [rita]
          billing:
            repository: https://127.0.0.1:9/finance/billing.git
            owners: [rita]
        """
                .formatted(ledger.folder()));
    var mirrors = GitFixture.mirrors(temp);
    Reminders.register(engine);
    Mocks.register(
        "cutReleaseCandidate",
        new CutReleaseCandidate(
            catalog,
            new Candidates(mirrors, new ReleaseTags(mirrors)),
            QaProperties.waitingFor(Duration.ofHours(2))));
  }

  @AfterEach
  void reset() {
    ledger.close();
    BpmnAwareTests.reset();
    Mocks.reset();
  }

  ProcessInstance riskAssessed(String service) {
    return engine
        .getRuntimeService()
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .businessKey(service + "@1.5.0")
        .startBeforeActivity(Elements.TASK_CUT_RELEASE_CANDIDATE)
        .setVariable(SERVICE.getName(), service)
        .setVariable(REPOSITORY.getName(), "the catalog's")
        .setVariable(VERSION.getName(), "1.5.0")
        .setVariables(Reminders.dueDateVariables())
        .execute();
  }

  @Test
  void theCandidateIsTheBranchHeadAndStagingGetsThatCommit() throws Exception {
    ProcessInstance release = riskAssessed("ledger");
    assertThat(release).isWaitingAt(Elements.TASK_CUT_RELEASE_CANDIDATE);

    driver.execute(release, Elements.TASK_CUT_RELEASE_CANDIDATE);
    ledger.commit("fix: landed after the cut");

    assertThat(release).isWaitingAt(Elements.CALL_ACTIVITY_DEPLOY_TO_STAGING);
    var runtime = engine.getRuntimeService();
    assertThat(CANDIDATE_VERSION.from(runtime, release.getId()).get()).isEqualTo("1.5.0-rc.1");
    assertThat(CANDIDATE_COMMIT.from(runtime, release.getId()).get()).isEqualTo(head.name());
    ProcessInstance staging =
        runtime.createProcessInstanceQuery().superProcessInstanceId(release.getId()).singleResult();
    assertThat(DeploymentProcess.Variables.COMMIT.from(runtime, staging.getId()).get())
        .isEqualTo(head.name());
    assertThat(DeploymentProcess.Variables.VERSION.from(runtime, staging.getId()).get())
        .isEqualTo("1.5.0-rc.1");
  }

  @Test
  void anUnreachableRepositoryIsRetriedThenAnIncidentAndCutsNoCandidate() {
    ProcessInstance release = riskAssessed("billing");

    var incident =
        driver.failsEveryAttempt(
            release,
            Elements.TASK_CUT_RELEASE_CANDIDATE,
            3,
            failure ->
                assertThat(failure)
                    .isInstanceOf(RepositoryUnavailableException.class)
                    .hasMessageStartingWith(
                        "Cannot fetch the repository https://127.0.0.1:9/finance/billing.git of service billing"));

    assertThat(incident.getIncidentMessage()).startsWith("Cannot fetch the repository");
    assertThat(release).isWaitingAt(Elements.TASK_CUT_RELEASE_CANDIDATE);
    assertThat(engine.getRuntimeService().getVariable(release.getId(), CANDIDATE_COMMIT.getName()))
        .isNull();
    assertThat(engine.getRuntimeService().getVariable(release.getId(), CANDIDATE_VERSION.getName()))
        .isNull();
  }
}
