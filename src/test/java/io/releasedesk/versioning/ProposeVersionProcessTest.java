package io.releasedesk.versioning;

import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.LAST_RELEASED_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.PROPOSED_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION_REASON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mockito.Mockito.mock;

import io.releasedesk.notification.Announcements;
import io.releasedesk.release.FreeReleaseKey;
import io.releasedesk.release.ReleaseDriver;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcessSetup;
import io.releasedesk.release.ReleaseProperties;
import io.releasedesk.release.RunningReleases;
import io.releasedesk.release.ValidateReleaseRequest;
import io.releasedesk.reminders.Reminders;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Propose version" in the release model, on a real repository: what the plan shows, the rule the plan's version
 * follows, and what an unreachable repository does (retries, then an incident; no proposal).
 */
@Deployment(
    resources = {"processes/release.bpmn", "forms/request-release.form", "forms/plan-release.form"})
class ProposeVersionProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension =
      ProcessEngineCoverageExtension.builder(ReleaseProcessSetup.ENGINE_CONFIGURATION).build();

  ProcessEngine engine;
  ReleaseDriver driver;
  @TempDir Path temp;
  GitFixture payments;

  @BeforeEach
  void repositoryAndDelegates() throws Exception {
    BpmnAwareTests.init(engine);
    driver = new ReleaseDriver(engine);
    payments = GitFixture.init(temp.resolve("payments"));
    payments.commit("feat: first checkout");
    payments.tag("v2.3.0");
    payments.commit("fix: rounding of refunds (PAY-107)");
    payments.commit("feat(checkout): one-page checkout (PAY-101)");
    var catalog =
        GitFixture.catalog(
            temp,
            """
        services:
          payments:
            repository: %s
            owners: [rita]
          ledger:
            repository: https://127.0.0.1:9/finance/ledger.git
            owners: [rita]
        """
                .formatted(payments.folder()));
    var mirrors = GitFixture.mirrors(temp);
    // the running release keys live in Release Desk's own table, which RunningReleasesTest covers
    RunningReleases runningReleases = mock(RunningReleases.class);
    Reminders.register(engine);
    Mocks.register(
        "validateReleaseRequest",
        new ValidateReleaseRequest(
            new ReleaseProperties(Duration.ofDays(3)), runningReleases, catalog));
    Mocks.register("freeReleaseKey", new FreeReleaseKey(runningReleases));
    Mocks.register(
        "proposeNextVersion",
        new ProposeNextVersion(
            catalog, new VersionProposals(mirrors, new VersioningProperties("1.0.0"))));
    Announcements.register();
  }

  @AfterEach
  void reset() {
    payments.close();
    BpmnAwareTests.reset();
    Mocks.reset();
    engine.getIdentityService().clearAuthentication();
  }

  ProcessInstance request(String service, String version) {
    var values =
        new HashMap<String, Object>(
            Map.of(
                SERVICE.getName(),
                service,
                VERSION.getName(),
                version,
                TARGET_DATE.getName(),
                LocalDate.now().plusDays(7).toString(),
                RELEASE_TYPE.getName(),
                "regular",
                SCOPE_SUMMARY.getName(),
                "Checkout",
                HAS_DATABASE_MIGRATIONS.getName(),
                false,
                CUSTOMER_FACING.getName(),
                false));
    engine
        .getIdentityService()
        .setAuthentication("rita", List.of(ReleaseProcess.Groups.RELEASE_MANAGERS));
    try {
      ProcessInstance release =
          engine.getRuntimeService().startProcessInstanceByKey(ReleaseProcess.KEY, values);
      // the request is announced first, then the version proposed
      driver.execute(release, Elements.EVENT_ANNOUNCE_REQUESTED);
      return release;
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  @Test
  void thePlanShowsTheProposalTheLastReleaseAndTheDecidingCommits() {
    ProcessInstance release = request("payments", "2.4.0");
    assertThat(release).isWaitingAt(Elements.TASK_PROPOSE_VERSION);

    driver.execute(release, Elements.TASK_PROPOSE_VERSION);

    assertThat(release).isWaitingAt(Elements.TASK_PLAN_RELEASE);
    var runtime = engine.getRuntimeService();
    assertThat(PROPOSED_VERSION.from(runtime, release.getId()).get()).isEqualTo("2.4.0");
    assertThat(LAST_RELEASED_VERSION.from(runtime, release.getId()).get()).isEqualTo("2.3.0");
    assertThat(VERSION_REASON.from(runtime, release.getId()).get())
        .startsWith(
            "Last release 2.3.0 (tag `v2.3.0`); 2 commits since. A minor version, because of:")
        .containsPattern("\n- `[0-9a-f]{7}` feat: one-page checkout \\(PAY-101\\)")
        .doesNotContain("rounding");
  }

  @Test
  void thePlannedVersionMustBeGreaterThanTheLastRelease() {
    ProcessInstance release = request("payments", "2.4.0");
    driver.execute(release, Elements.TASK_PROPOSE_VERSION);
    Task plan =
        engine.getTaskService().createTaskQuery().processInstanceId(release.getId()).singleResult();

    engine
        .getIdentityService()
        .setAuthentication("rita", List.of(ReleaseProcess.Groups.RELEASE_MANAGERS));
    Throwable refused =
        catchThrowable(
            () ->
                engine
                    .getTaskService()
                    .complete(
                        plan.getId(),
                        Map.of(VERSION.getName(), "2.3.0", CHANGE_SIZE.getName(), "small")));
    engine.getIdentityService().clearAuthentication();

    assertThat(refused)
        .hasMessageContaining(
            "Version 2.3.0 must be greater than the last release 2.3.0 (Semantic Versioning precedence)");
    assertThat(release).isWaitingAt(Elements.TASK_PLAN_RELEASE);
    assertThat(VERSION.from(engine.getRuntimeService(), release.getId()).get()).isEqualTo("2.4.0");

    engine
        .getIdentityService()
        .setAuthentication("rita", List.of(ReleaseProcess.Groups.RELEASE_MANAGERS));
    engine
        .getTaskService()
        .complete(
            plan.getId(), Map.of(VERSION.getName(), "3.0.0-rc.1", CHANGE_SIZE.getName(), "small"));
    engine.getIdentityService().clearAuthentication();
    assertThat(release).hasPassed(Elements.TASK_PLAN_RELEASE);
    assertThat(VERSION.from(engine.getRuntimeService(), release.getId()).get())
        .isEqualTo("3.0.0-rc.1");
  }

  @Test
  void anUnreachableRepositoryIsRetriedThenAnIncidentAndProposesNothing() {
    ProcessInstance release = request("ledger", "1.0.0");

    var incident =
        driver.failsEveryAttempt(
            release,
            Elements.TASK_PROPOSE_VERSION,
            3,
            failure ->
                assertThat(failure)
                    .isInstanceOf(RepositoryUnavailableException.class)
                    .hasMessageStartingWith(
                        "Cannot fetch the repository https://127.0.0.1:9/finance/ledger.git of service ledger"));

    assertThat(incident.getIncidentMessage()).startsWith("Cannot fetch the repository");
    assertThat(release).isWaitingAt(Elements.TASK_PROPOSE_VERSION);
    assertThat(engine.getRuntimeService().getVariable(release.getId(), PROPOSED_VERSION.getName()))
        .isNull();
  }
}
