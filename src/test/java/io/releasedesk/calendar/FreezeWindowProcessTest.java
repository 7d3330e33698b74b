package io.releasedesk.calendar;

import static io.releasedesk.release.ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_FREEZE_WINDOW_OVER;
import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_OBSERVATION_PERIOD_OVER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CHECK_FREEZE_WINDOWS;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_ENDS_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.OBSERVATION_PERIOD;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPOSITORY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.deployment.DeploymentRequest;
import io.releasedesk.notification.Announcements;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcessSetup;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * A release that reaches production inside a freeze window waits at the timer "Freeze window over" until the window
 * ends, and then goes on by itself. The engine's clock stands for the time; each release starts where it is
 * approved, before the check, since the way there is ReleaseProcessTest's.
 */
class FreezeWindowProcessTest {

  /** The process tests' engine, which records coverage; ReleaseProcessTest holds the release model's threshold. */
  @RegisterExtension
  static ProcessEngineCoverageExtension extension = ReleaseProcessSetup.engine().build();

  /** A Thursday. */
  static final Instant RELEASE_DAY = Instant.parse("2026-12-03T10:00:00Z");

  ProcessEngine engine;
  ReleaseProcessSetup setup = new ReleaseProcessSetup();
  FreezeWindows freezeWindows = setup.freezeWindows;

  /** What the release announced (notify). */
  Announcements announcements;

  @BeforeEach
  void registerDelegates() {
    announcements = setup.register(engine).announcements();
    // what follows production (announcing the version, the tag, the release notes) is not this
    // test's
    Mocks.register("announceVersionInProduction", mock(JavaDelegate.class));
    Mocks.register("tagRelease", mock(JavaDelegate.class));
    Mocks.register("compileReleaseNotes", mock(JavaDelegate.class));
  }

  @AfterEach
  void reset() {
    ClockUtil.reset();
    setup.reset();
  }

  @Test
  void aReleaseInAFreezeWindowWaitsUntilItEndsAndThenGoesToProduction() {
    // given the end-of-year freeze, from Tuesday to Saturday, and a release approved on Thursday
    var freeze =
        window(
            Instant.parse("2026-12-01T00:00:00Z"),
            Instant.parse("2026-12-05T00:00:00Z"),
            "End-of-year sales",
            null);
    when(freezeWindows.applyingTo("payments")).thenReturn(List.of(freeze));
    now(RELEASE_DAY);

    ProcessInstance release = approvedRelease();

    // then it waits at the timer until the freeze ends, and says why
    assertThat(release)
        .isWaitingAt(EVENT_FREEZE_WINDOW_OVER)
        .hasPassed(TASK_CHECK_FREEZE_WINDOWS)
        .hasNotPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION);
    assertThat(release)
        .variables()
        .containsEntry(FREEZE_ENDS_AT.getName(), "2026-12-05T00:00:00Z")
        .containsEntry(FREEZE_REASON.getName(), "End-of-year sales");
    assertThat(timer(release).getDuedate())
        .isEqualTo(Date.from(Instant.parse("2026-12-05T00:00:00Z")));
    verify(setup.target, never()).deploy(any());

    // when the freeze is over, the timer fires by itself
    now(Instant.parse("2026-12-05T00:00:01Z"));
    freezeTimerFires(release);
    deploysToProduction(release);

    // then it checks again, finds no freeze and deploys to production
    assertThat(release)
        .hasPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
    assertThat(release).variables().containsEntry(FREEZE_ENDS_AT.getName(), null);
    var deployed = ArgumentCaptor.forClass(DeploymentRequest.class);
    verify(setup.target).deploy(deployed.capture());
    assertThat(deployed.getValue().environment()).isEqualTo("production");
  }

  @Test
  void theTimerDoesNotFireBeforeTheFreezeEnds() {
    when(freezeWindows.applyingTo("payments"))
        .thenReturn(
            List.of(
                window(
                    Instant.parse("2026-12-01T00:00:00Z"),
                    Instant.parse("2026-12-05T00:00:00Z"),
                    "End-of-year sales",
                    null)));
    now(RELEASE_DAY);
    ProcessInstance release = approvedRelease();

    now(Instant.parse("2026-12-04T23:59:59Z"));
    assertThat(managementService().createJobQuery().executable().list()).isEmpty();

    assertThat(release).isWaitingAt(EVENT_FREEZE_WINDOW_OVER);
    verify(setup.target, never()).deploy(any());
  }

  @Test
  void windowsThatFollowEachOtherAreWaitedOutOneAfterTheOther() {
    // given a weekend freeze that recurs each Saturday and Sunday, a day each, and a release
    // approved on Saturday
    var weekends =
        window(
            Instant.parse("2026-11-28T00:00:00Z"),
            Instant.parse("2026-11-29T00:00:00Z"),
            "No releases at weekends",
            "FREQ=WEEKLY;BYDAY=SA,SU");
    when(freezeWindows.applyingTo("payments")).thenReturn(List.of(weekends));
    now(Instant.parse("2026-12-05T14:30:00Z"));

    ProcessInstance release = approvedRelease();
    assertThat(release)
        .isWaitingAt(EVENT_FREEZE_WINDOW_OVER)
        .variables()
        .containsEntry(FREEZE_ENDS_AT.getName(), "2026-12-06T00:00:00Z")
        .containsEntry(FREEZE_REASON.getName(), "No releases at weekends");

    // Saturday's window ends, and Sunday's holds it back again
    now(Instant.parse("2026-12-06T00:00:00Z"));
    freezeTimerFires(release);
    assertThat(release)
        .isWaitingAt(EVENT_FREEZE_WINDOW_OVER)
        .variables()
        .containsEntry(FREEZE_ENDS_AT.getName(), "2026-12-07T00:00:00Z");
    verify(setup.target, never()).deploy(any());

    // on Monday it goes to production
    now(Instant.parse("2026-12-07T00:00:00Z"));
    freezeTimerFires(release);
    deploysToProduction(release);
    assertThat(release)
        .hasPassed(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
  }

  @Test
  void aReleaseOutsideEveryWindowGoesStraightToProduction() {
    when(freezeWindows.applyingTo("payments"))
        .thenReturn(
            List.of(
                window(
                    Instant.parse("2026-12-24T00:00:00Z"),
                    Instant.parse("2026-12-27T00:00:00Z"),
                    "Holidays",
                    null)));
    now(RELEASE_DAY);

    ProcessInstance release = approvedRelease();
    deploysToProduction(release);

    assertThat(release)
        .hasPassed(TASK_CHECK_FREEZE_WINDOWS, CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
        .hasNotPassed(EVENT_FREEZE_WINDOW_OVER)
        .isWaitingAt(EVENT_OBSERVATION_PERIOD_OVER);
  }

  /** An approved release of payments 2.4.0, started (as trusted code) where approval leads. */
  ProcessInstance approvedRelease() {
    ProcessInstance release =
        engine
            .getRuntimeService()
            .createProcessInstanceByKey(ReleaseProcess.KEY)
            .businessKey("payments@2.4.0")
            .setVariables(
                Map.of(
                    SERVICE.getName(),
                    "payments",
                    VERSION.getName(),
                    "2.4.0",
                    REPOSITORY.getName(),
                    "file:///repos/payments",
                    RELEASE_TYPE.getName(),
                    "regular",
                    APPROVAL_DECISION.getName(),
                    "approve",
                    OBSERVATION_PERIOD.getName(),
                    "P3D"))
            .startBeforeActivity("Gateway_FreezeCheck")
            .execute();
    return release;
  }

  static FreezeWindow window(Instant start, Instant end, String reason, String recurrence) {
    return new FreezeWindow(
        "w-" + reason.hashCode(), start, end, reason, List.of(), recurrence, "rita", start);
  }

  void now(Instant moment) {
    ClockUtil.setCurrentTime(Date.from(moment));
  }

  Job timer(ProcessInstance release) {
    return engine
        .getManagementService()
        .createJobQuery()
        .processInstanceId(release.getId())
        .timers()
        .activityId(EVENT_FREEZE_WINDOW_OVER)
        .singleResult();
  }

  /** The freeze timer is due by the engine's clock, and fires as the job executor would fire it. */
  void freezeTimerFires(ProcessInstance release) {
    Job timer = timer(release);
    assertThat(managementService().createJobQuery().jobId(timer.getId()).executable().count())
        .as("the freeze timer is due")
        .isOne();
    execute(timer);
  }

  /**
   * The deployment to production runs step by step, each step a transaction of its own, and the release moves on to
   * its observation.
   */
  void deploysToProduction(ProcessInstance release) {
    assertThat(release).isWaitingAt(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION);
    ProcessInstance deployment = calledProcessInstance(release);
    execute(job(DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYING, deployment));
    execute(job(DeploymentProcess.Elements.TASK_DEPLOY, deployment));
    execute(job(DeploymentProcess.Elements.TASK_VERIFY_HEALTH, deployment));
    execute(job(DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYED, deployment));
    execute(job(ReleaseProcess.Elements.TASK_TAG_RELEASE, release));
  }
}
