package io.releasedesk.release;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasedesk.approval.ApproveAutomatically;
import io.releasedesk.approval.EmergencyExceptionApproval;
import io.releasedesk.approval.FourEyesApproval;
import io.releasedesk.approval.OfferTheOtherCabApproval;
import io.releasedesk.calendar.CheckFreezeWindows;
import io.releasedesk.calendar.FreezeWindows;
import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.dependencies.AnnounceVersionInProduction;
import io.releasedesk.dependencies.CheckDependencies;
import io.releasedesk.dependencies.ProductionVersions;
import io.releasedesk.dependencies.WaiveDependencies;
import io.releasedesk.deployment.DeploymentDelegates;
import io.releasedesk.deployment.DeploymentMode;
import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.deployment.DeploymentTarget;
import io.releasedesk.deployment.DeploymentTargets;
import io.releasedesk.deployment.HealthCheck;
import io.releasedesk.notes.CompileReleaseNotes;
import io.releasedesk.notes.DraftReleaseNotes;
import io.releasedesk.notification.Announcements;
import io.releasedesk.qa.CutReleaseCandidate;
import io.releasedesk.qa.QaProperties;
import io.releasedesk.qa.RecordManualVerification;
import io.releasedesk.qa.RecordQualityGateOverride;
import io.releasedesk.reminders.Reminders;
import io.releasedesk.support.DemoCatalog;
import io.releasedesk.versioning.Candidates;
import io.releasedesk.versioning.ConventionalCommit;
import io.releasedesk.versioning.NextVersion;
import io.releasedesk.versioning.NextVersion.Change;
import io.releasedesk.versioning.ProposeNextVersion;
import io.releasedesk.versioning.ReleaseTags;
import io.releasedesk.versioning.ShippedChanges;
import io.releasedesk.versioning.ShippedCommits;
import io.releasedesk.versioning.TagRelease;
import io.releasedesk.versioning.VersionProposals;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.common.ProcessEngineCoverageExtensionBuilder;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.semver4j.Semver;

/**
 * The one set-up of the release's process tests: the engine, the release's models with their forms ({@link #MODELS}),
 * and every delegate and listener the release and deployment models name, the real ones. What they reach in the
 * outside world (deployment targets, health checks, git, the running releases' table, freeze windows) is a mock that
 * answers as for a release of payments after 2.3.0: deployed automatically, healthy, one commit, candidate {@link
 * #CANDIDATE_SHA}. A test tells its mocks other answers, or puts its own services in their place, before {@link
 * #register(ProcessEngine)}; it steps through the release with a {@link ReleaseDriver}.
 *
 * <pre>{@code
 * @RegisterExtension static ProcessEngineCoverageExtension extension = ReleaseProcessSetup.engine().build();
 * ProcessEngine engine;
 * ReleaseProcessSetup setup = new ReleaseProcessSetup();
 * ReleaseDriver release;
 *
 * @BeforeEach
 * void registerDelegates() {
 *   setup.register(engine);
 *   release = new ReleaseDriver(engine);
 * }
 *
 * @AfterEach
 * void reset() {
 *   setup.reset();
 * }
 * }</pre>
 */
public final class ReleaseProcessSetup {

  /**
   * The process tests' engine. Not named camunda.cfg.xml: the engine REST API would find a file of that name on the
   * test classpath and build a second "default" engine from it in the integration tests.
   */
  public static final String ENGINE_CONFIGURATION = "process-test-engine.cfg.xml";

  /** The commit every candidate is cut from, unless the test says otherwise. */
  public static final String CANDIDATE_SHA = "3f2a9c41d0b7e85f6a1c2d3e4f5a6b7c8d9e0f1a";

  /** The commit a second candidate is cut from, in tests that cut two ({@link #cutsTwoCandidates(String)}). */
  public static final String NEXT_CANDIDATE_SHA = "9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c";

  /**
   * The models a release runs through and every form they name, deployed together for each test as the application
   * deploys them.
   */
  public static final List<String> MODELS =
      List.of(
          "processes/release.bpmn",
          "processes/deployment.bpmn",
          "processes/improvement-action.bpmn",
          "processes/risk-assessment.dmn",
          "processes/quality-gate.dmn",
          "processes/release-classification.dmn",
          "forms/request-release.form",
          "forms/plan-release.form",
          "forms/confirm-development-readiness.form",
          "forms/confirm-qa-readiness.form",
          "forms/confirm-operations-readiness.form",
          "forms/verify-release-candidate.form",
          "forms/fix-defects.form",
          "forms/approve-release.form",
          "forms/hold-retrospective.form",
          "forms/deploy-manually.form",
          "forms/review-failed-deployment.form",
          "forms/wait-for-dependencies.form",
          "forms/approve-emergency-exception.form",
          "forms/improvement-action.form");

  public final DeploymentTargets targets = mock(DeploymentTargets.class);
  public final DeploymentTarget target = mock(DeploymentTarget.class);
  public final HealthCheck healthCheck = mock(HealthCheck.class);

  /** Release Desk's table, not the engine's: OneRunningReleasePerKeyTest covers it on the application's database. */
  public final RunningReleases runningReleases = mock(RunningReleases.class);

  /** No freeze window, unless the test says so. */
  public final FreezeWindows freezeWindows = mock(FreezeWindows.class);

  public ServiceCatalog catalog = DemoCatalog.load();
  public VersionProposals proposals = mock(VersionProposals.class);
  public Candidates candidates = mock(Candidates.class);
  public ShippedChanges shippedChanges = mock(ShippedChanges.class);
  public ReleaseTags tags = mock(ReleaseTags.class);

  /** No wait on staging for test results from CI, unless the test says so. */
  public QaProperties qa = QaProperties.waitingFor(Duration.ZERO);

  private ProcessEngine engine;
  private String deploymentId;
  private Announcements announcements;
  private Reminders reminders;

  public ReleaseProcessSetup() {
    when(targets.target(anyString())).thenReturn(target);
    when(target.deploy(any())).thenReturn(DeploymentMode.AUTOMATIC);
    when(target.rollBack(any())).thenReturn(DeploymentMode.AUTOMATIC);
    when(healthCheck.check(any()))
        .thenReturn(new HealthCheck.Report(true, "GET /health answered 200"));
    when(proposals.propose(any()))
        .thenReturn(
            NextVersion.propose(
                Semver.parse("2.3.0"),
                List.of(new Change("a1b2c3d", ConventionalCommit.parse("feat: one-page checkout"))),
                Semver.parse("1.0.0")));
    when(candidates.cut(any(), anyString())).thenReturn(CANDIDATE_SHA);
    when(shippedChanges.read(any(), anyString()))
        .thenReturn(
            new ShippedCommits.Range(
                "v2.3.0",
                CANDIDATE_SHA,
                List.of(
                    new ShippedCommits.Commit(
                        CANDIDATE_SHA, "Devon Developer", "feat: one-page checkout (PAY-101)")),
                0));
  }

  /**
   * The first candidate is cut from {@link #CANDIDATE_SHA}, the next from {@link #NEXT_CANDIDATE_SHA}; what the release
   * ships is one commit, up to the given one. Before {@link #register(ProcessEngine)}.
   */
  public ReleaseProcessSetup cutsTwoCandidates(String shippedUpTo) {
    when(candidates.cut(any(), anyString())).thenReturn(CANDIDATE_SHA, NEXT_CANDIDATE_SHA);
    when(shippedChanges.read(any(), anyString()))
        .thenReturn(
            new ShippedCommits.Range(
                "v2.3.0",
                shippedUpTo,
                List.of(
                    new ShippedCommits.Commit(
                        shippedUpTo, "Devon Developer", "feat: one-page checkout")),
                0));
    return this;
  }

  /**
   * The engine of the process tests, recording coverage of the release's models; the deployment model's coverage is
   * DeploymentProcessTest's.
   */
  public static ProcessEngineCoverageExtensionBuilder<ProcessEngineCoverageExtension> engine() {
    return ProcessEngineCoverageExtension.builder(ENGINE_CONFIGURATION)
        .excludeProcessDefinitionKeys(DeploymentProcess.KEY);
  }

  /** Deploys the {@link #MODELS} and registers every delegate and listener they name, for this engine. */
  public ReleaseProcessSetup register(ProcessEngine engine) {
    this.engine = engine;
    var deployment = engine.getRepositoryService().createDeployment().name("release process test");
    MODELS.forEach(deployment::addClasspathResource);
    deploymentId = deployment.deploy().getId();
    // the assertions use this engine, not another one an earlier test class left in the JVM
    BpmnAwareTests.init(engine);
    Mocks.register(
        "validateReleaseRequest",
        new ValidateReleaseRequest(
            new ReleaseProperties(Duration.ofDays(3)), runningReleases, catalog));
    Mocks.register("freeReleaseKey", new FreeReleaseKey(runningReleases));
    Mocks.register("proposeNextVersion", new ProposeNextVersion(catalog, proposals));
    Mocks.register("askTeamsAfresh", new AskTeamsAfresh());
    Mocks.register("cutReleaseCandidate", new CutReleaseCandidate(catalog, candidates, qa));
    Mocks.register("recordManualVerification", new RecordManualVerification());
    Mocks.register(
        "recordQualityGateOverride", new RecordQualityGateOverride(engine.getIdentityService()));
    Mocks.register("fourEyesApproval", new FourEyesApproval());
    Mocks.register("offerTheOtherCabApproval", new OfferTheOtherCabApproval());
    Mocks.register("emergencyExceptionApproval", new EmergencyExceptionApproval());
    Mocks.register(
        "approveAutomatically",
        new ApproveAutomatically(engine.getHistoryService(), engine.getRepositoryService()));
    Mocks.register("draftReleaseNotes", new DraftReleaseNotes(catalog, shippedChanges));
    Mocks.register("tagRelease", new TagRelease(catalog, tags));
    Mocks.register("compileReleaseNotes", new CompileReleaseNotes());
    Mocks.register("recordCancellation", new RecordCancellation());
    Mocks.register(
        "checkDependencies",
        new CheckDependencies(new ProductionVersions(engine.getHistoryService())));
    Mocks.register("waiveDependencies", new WaiveDependencies());
    Mocks.register("announceVersionInProduction", new AnnounceVersionInProduction());
    Mocks.register("checkFreezeWindows", new CheckFreezeWindows(freezeWindows));
    DeploymentDelegates.register(targets, healthCheck);
    announcements = Announcements.register();
    // after the announcements: reminders and escalations are recorded on their way to them
    reminders = Reminders.register(engine, freezeWindows);
    return this;
  }

  /**
   * Removes the models with their releases, and forgets the delegates, the assertions' engine and who is logged in,
   * after each test (after the coverage of the test was recorded).
   */
  public void reset() {
    // first, while the listeners that end a release are still there
    engine.getRepositoryService().deleteDeployment(deploymentId, true);
    BpmnAwareTests.reset();
    Mocks.reset();
    engine.getIdentityService().clearAuthentication();
  }

  /** What the release announced (notify). */
  public Announcements announcements() {
    return announcements;
  }

  /** The reminders and escalations of the release's tasks, and their timers. */
  public Reminders reminders() {
    return reminders;
  }
}
