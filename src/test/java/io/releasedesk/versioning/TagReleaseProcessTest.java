package io.releasedesk.versioning;

import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TAG;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.notification.Announcements;
import io.releasedesk.release.ReleaseDriver;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcessSetup;
import io.releasedesk.reminders.Reminders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.FileSystemResource;

/**
 * "Tag release" in the release model, against a bare repository on disk as the service's remote: the tag on the
 * candidate's commit, a retried step, a tag of the same name elsewhere, an unreachable repository, a service that is
 * not tagged. Each release starts at the step, after a healthy production deployment.
 */
@Deployment(resources = {"processes/release.bpmn", "processes/deployment.bpmn"})
class TagReleaseProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension =
      ProcessEngineCoverageExtension.builder(ReleaseProcessSetup.ENGINE_CONFIGURATION).build();

  ProcessEngine engine;
  ReleaseDriver driver;
  @TempDir Path temp;
  Path remote;
  GitFixture work;
  RevCommit candidate;
  RevCommit later;
  int releasesToNotes;

  /** What the release announced (notify). */
  Announcements announcements;

  @BeforeEach
  void repositoryAndDelegates() throws Exception {
    BpmnAwareTests.init(engine);
    driver = new ReleaseDriver(engine);
    remote = temp.resolve("ledger.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
    work = GitFixture.init(temp.resolve("work"));
    work.commit("feat: ledger");
    work.tag("v1.4.0");
    candidate = work.commit("feat: monthly statements");
    later = work.commit("fix: landed after QA passed the candidate");
    push();
    var catalog =
        GitFixture.catalog(
            temp,
            """
        services:
          ledger:
            repository: %s
            owners: [rita]
          audit:
            repository: %s
            push-tags: false
            owners: [rita]
          billing:
            repository: https://127.0.0.1:9/finance/billing.git
            owners: [rita]
        """
                .formatted(remote.toUri(), remote));
    var mirrors = GitFixture.mirrors(temp);
    Reminders.register(engine);
    Mocks.register("tagRelease", new TagRelease(catalog, new ReleaseTags(mirrors)));
    announcements = Announcements.register();
    // the step after, which ReleaseProcessTest covers with the notes themselves
    Mocks.register("compileReleaseNotes", (JavaDelegate) execution -> releasesToNotes++);
  }

  @AfterEach
  void reset() {
    work.close();
    BpmnAwareTests.reset();
    Mocks.reset();
  }

  void push() throws Exception {
    work.git().push().setRemote(remote.toUri().toString()).add("main").setPushTags().call();
  }

  /** A release of the service whose candidate passed QA and runs healthy in production. */
  ProcessInstance inProduction(String service) {
    return engine
        .getRuntimeService()
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .businessKey(service + "@1.5.0")
        .startBeforeActivity(Elements.TASK_TAG_RELEASE)
        .setVariable(SERVICE.getName(), service)
        .setVariable(VERSION.getName(), "1.5.0")
        .setVariable(SCOPE_SUMMARY.getName(), "Monthly statements")
        .setVariable(CANDIDATE_COMMIT.getName(), candidate.name())
        .setVariable(ReleaseProcess.Variables.OBSERVATION_PERIOD.getName(), "PT1H")
        .execute();
  }

  ObjectId remoteTag(String name) throws Exception {
    try (Git git = Git.open(remote.toFile())) {
      var ref = git.getRepository().exactRef("refs/tags/" + name);
      return ref == null
          ? null
          : git.getRepository().getRefDatabase().peel(ref).getPeeledObjectId();
    }
  }

  @Test
  void theReleaseIsTaggedOnTheCandidatesCommitAndPushed() throws Exception {
    ProcessInstance release = inProduction("ledger");
    assertThat(release).isWaitingAt(Elements.TASK_TAG_RELEASE);

    driver.execute(release, Elements.TASK_TAG_RELEASE);

    assertThat(remoteTag("v1.5.0"))
        .as("the candidate QA passed, not the later head")
        .isEqualTo(candidate);
    assertThat(release)
        .hasPassedInOrder(Elements.TASK_TAG_RELEASE, Elements.TASK_COMPILE_RELEASE_NOTES)
        .isWaitingAt(Elements.EVENT_OBSERVATION_PERIOD_OVER);
    assertThat(RELEASE_TAG.from(engine.getRuntimeService(), release.getId()).get())
        .isEqualTo("v1.5.0");
    assertThat(releasesToNotes).isOne();
  }

  @Test
  void aStepRetriedAfterItsTagWasPushedFindsItsOwnTag() throws Exception {
    // two earlier attempts pushed the tag, and their transactions were lost
    var tags =
        new ReleaseTags(
            new GitMirrors(
                new GitProperties(
                    temp.resolve("data/other-node"), Duration.ofSeconds(5), Map.of())));
    var ledger =
        new ServiceCatalog(
                temp.resolve("services.yaml").toString(),
                new FileSystemResource(temp.resolve("services.yaml")))
            .ofRelease("ledger");
    tags.tag(ledger, "v1.5.0", candidate.name(), "ledger 1.5.0\n");
    tags.tag(ledger, "v1.5.0", candidate.name(), "ledger 1.5.0\n");
    ProcessInstance release = inProduction("ledger");

    driver.execute(release, Elements.TASK_TAG_RELEASE);

    assertThat(release).isWaitingAt(Elements.EVENT_OBSERVATION_PERIOD_OVER);
    assertThat(RELEASE_TAG.from(engine.getRuntimeService(), release.getId()).get())
        .isEqualTo("v1.5.0");
    assertThat(remoteTag("v1.5.0")).isEqualTo(candidate);
  }

  @Test
  void aTagOfTheSameNameOnAnotherCommitIsAnIncidentAndStays() throws Exception {
    work.git()
        .tag()
        .setName("v1.5.0")
        .setObjectId(later)
        .setAnnotated(true)
        .setMessage("by hand")
        .setSigned(false)
        .call();
    push();
    ProcessInstance release = inProduction("ledger");

    var incident =
        driver.failsEveryAttempt(
            release,
            Elements.TASK_TAG_RELEASE,
            3,
            failure ->
                assertThat(failure)
                    .isInstanceOf(TagConflictException.class)
                    .hasMessageStartingWith(
                        "The tag v1.5.0 in the repository "
                            + remote.toUri()
                            + " of service ledger "
                            + "already names commit "
                            + later.name()));

    assertThat(incident.getIncidentMessage()).contains("Release Desk never moves a tag");
    assertThat(remoteTag("v1.5.0")).isEqualTo(later);
    assertThat(release).isWaitingAt(Elements.TASK_TAG_RELEASE);
    assertThat(releasesToNotes).isZero();
  }

  @Test
  void anUnreachableRepositoryIsRetriedThenAnIncident() {
    ProcessInstance release = inProduction("billing");

    var incident =
        driver.failsEveryAttempt(
            release,
            Elements.TASK_TAG_RELEASE,
            3,
            failure ->
                assertThat(failure)
                    .isInstanceOf(RepositoryUnavailableException.class)
                    .hasMessageStartingWith(
                        "Cannot fetch the repository https://127.0.0.1:9/finance/billing.git of service billing"));

    assertThat(incident.getIncidentMessage()).startsWith("Cannot fetch the repository");
    assertThat(engine.getRuntimeService().getVariable(release.getId(), RELEASE_TAG.getName()))
        .isNull();
  }

  @Test
  void aServiceWithoutPushTagsIsNotTaggedAndTheReleaseSaysSo() throws Exception {
    ProcessInstance release = inProduction("audit");

    driver.execute(release, Elements.TASK_TAG_RELEASE);

    assertThat(release).isWaitingAt(Elements.EVENT_OBSERVATION_PERIOD_OVER);
    assertThat(RELEASE_TAG.from(engine.getRuntimeService(), release.getId()).get()).isEmpty();
    assertThat(remoteTag("v1.5.0")).isNull();
  }
}
