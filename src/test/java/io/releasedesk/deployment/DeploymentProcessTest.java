package io.releasedesk.deployment;

import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYED;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYING;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_DEPLOYMENT_FAILED;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_ANNOUNCE_ROLLED_BACK;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_DEPLOYED_AND_HEALTHY;
import static io.releasedesk.deployment.DeploymentProcess.Elements.EVENT_DEPLOYMENT_FAILED;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_DEPLOY;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_DEPLOY_MANUALLY;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_REVIEW_FAILED_DEPLOYMENT;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_ROLL_BACK;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_VERIFY_HEALTH;
import static io.releasedesk.deployment.DeploymentProcess.Variables.ENVIRONMENT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.FAILURE_REVIEW_NOTES;
import static io.releasedesk.deployment.DeploymentProcess.Variables.HEALTH_REPORT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.MANUAL_DEPLOYMENT_RESULT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.RELEASE_KEY;
import static io.releasedesk.deployment.DeploymentProcess.Variables.ROLLBACK_CONFIRMED;
import static io.releasedesk.deployment.DeploymentProcess.Variables.ROLLBACK_STATUS;
import static io.releasedesk.deployment.DeploymentProcess.Variables.SERVICE;
import static io.releasedesk.deployment.DeploymentProcess.Variables.VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPLOYMENT_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.notification.Announcements;
import io.releasedesk.release.ReleaseProcessSetup;
import io.releasedesk.reminders.Reminders;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deploying one version to one environment, verifying it and rolling it back, with the targets mocked. */
@Deployment(
    resources = {
      "processes/deployment.bpmn",
      "forms/deploy-manually.form",
      "forms/review-failed-deployment.form"
    })
class DeploymentProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension =
      ProcessEngineCoverageExtension.builder(ReleaseProcessSetup.ENGINE_CONFIGURATION)
          .assertClassCoverageAtLeast(0.9)
          .build();

  static final URI HEALTH = URI.create("https://payments.example.com/health");
  static final String COMMIT = "3f2a9c41d0b7e85f6a1c2d3e4f5a6b7c8d9e0f1a";

  ProcessEngine engine;
  DeploymentTargets targets = mock(DeploymentTargets.class);
  DeploymentTarget target = mock(DeploymentTarget.class);
  HealthCheck healthCheck = mock(HealthCheck.class);
  Reminders reminders;

  /** What the release announced (notify). */
  Announcements announcements;

  @BeforeEach
  void registerDelegates() {
    // the assertions use this engine, not another one an earlier test class left in the JVM
    BpmnAwareTests.init(engine);
    when(targets.target("production")).thenReturn(target);
    when(targets.healthUrl("production")).thenReturn(HEALTH);
    when(healthCheck.check(HEALTH))
        .thenReturn(new HealthCheck.Report(true, "GET /health answered 200"));
    DeploymentDelegates.register(targets, healthCheck);
    announcements = Announcements.register();
    // after the announcements: reminders and escalations are recorded on their way to them
    reminders = Reminders.register(engine);
  }

  @AfterEach
  void reset() {
    BpmnAwareTests.reset();
    Mocks.reset();
  }

  @Test
  void aWebhookDeploymentThatStaysHealthyEndsWell() {
    when(target.deploy(any())).thenReturn(DeploymentMode.AUTOMATIC);
    ProcessInstance pi = deploy();

    execute(job(EVENT_ANNOUNCE_DEPLOYING, pi));
    execute(job(TASK_DEPLOY, pi));
    execute(job(TASK_VERIFY_HEALTH, pi));
    execute(job(EVENT_ANNOUNCE_DEPLOYED, pi));

    assertThat(pi)
        .isEnded()
        .hasPassedInOrder(TASK_DEPLOY, TASK_VERIFY_HEALTH, EVENT_DEPLOYED_AND_HEALTHY)
        .variables()
        .containsEntry(HEALTH_REPORT.getName(), "GET /health answered 200");
    verify(target)
        .deploy(
            new DeploymentRequest(
                "payments",
                "2.4.0",
                COMMIT,
                "production",
                "payments@2.4.0",
                pi.getId() + ":production"));
  }

  @Test
  void aReleaseThatBeganBeforeCandidatesHadCommitsIsStillDeployed() {
    when(target.deploy(any())).thenReturn(DeploymentMode.AUTOMATIC);
    ProcessInstance pi =
        runtimeService()
            .startProcessInstanceByKey(
                DeploymentProcess.KEY,
                "payments@2.4.0",
                Map.of(
                    SERVICE.getName(),
                    "payments",
                    VERSION.getName(),
                    "2.4.0",
                    ENVIRONMENT.getName(),
                    "production",
                    RELEASE_KEY.getName(),
                    "payments@2.4.0"));

    execute(job(EVENT_ANNOUNCE_DEPLOYING, pi));
    execute(job(TASK_DEPLOY, pi));
    execute(job(TASK_VERIFY_HEALTH, pi));
    execute(job(EVENT_ANNOUNCE_DEPLOYED, pi));

    assertThat(pi).isEnded().hasPassed(EVENT_DEPLOYED_AND_HEALTHY);
    verify(target)
        .deploy(
            new DeploymentRequest(
                "payments",
                "2.4.0",
                null,
                "production",
                "payments@2.4.0",
                pi.getId() + ":production"));
  }

  @Test
  void aManualDeploymentWaitsForOperations() {
    when(target.deploy(any())).thenReturn(DeploymentMode.MANUAL);
    ProcessInstance pi = deploy();
    execute(job(EVENT_ANNOUNCE_DEPLOYING, pi));
    execute(job(TASK_DEPLOY, pi));

    assertThat(pi).isWaitingAt(TASK_DEPLOY_MANUALLY).task().hasCandidateGroup("operations");
    complete(task(pi), Map.of(MANUAL_DEPLOYMENT_RESULT.getName(), "succeeded"));
    execute(job(TASK_DEPLOY_MANUALLY, pi));
    execute(job(TASK_VERIFY_HEALTH, pi));
    execute(job(EVENT_ANNOUNCE_DEPLOYED, pi));

    assertThat(pi).isEnded().hasPassed(EVENT_DEPLOYED_AND_HEALTHY);
  }

  @Test
  void operationsAreRemindedOfAManualDeploymentAndTheReleaseManagersHearWhenItIsOverdue() {
    when(target.deploy(any())).thenReturn(DeploymentMode.MANUAL);
    ProcessInstance pi = deploy();
    execute(job(EVENT_ANNOUNCE_DEPLOYING, pi));
    execute(job(TASK_DEPLOY, pi));
    var task = task(pi);
    assertThat(
            Duration.between(task.getCreateTime().toInstant(), task.getDueDate().toInstant())
                .truncatedTo(ChronoUnit.SECONDS))
        .isEqualTo(Duration.ofHours(8));

    reminders.remindAndEscalate(pi.getId(), TASK_DEPLOY_MANUALLY);

    assertThat(reminders.notifications().sent())
        .extracting(n -> n.milestone() + " " + n.task())
        .containsExactly("reminder Task_DeployManually", "escalation Task_DeployManually");
    assertThat(pi).isWaitingAt(TASK_DEPLOY_MANUALLY).task().hasId(task.getId());
  }

  @Test
  void aFailedDeploymentsReviewIsRemindedAndEscalated() {
    when(target.deploy(any())).thenReturn(DeploymentMode.MANUAL);
    when(target.rollBack(any())).thenReturn(DeploymentMode.MANUAL);
    ProcessInstance pi = deploy();
    execute(job(EVENT_ANNOUNCE_DEPLOYING, pi));
    execute(job(TASK_DEPLOY, pi));
    complete(
        task(pi),
        Map.of(
            MANUAL_DEPLOYMENT_RESULT.getName(),
            "failed",
            DEPLOYMENT_FAILURE.getName(),
            "Disk full"));
    execute(job(TASK_DEPLOY_MANUALLY, pi));
    execute(job(EVENT_ANNOUNCE_DEPLOYMENT_FAILED, pi));
    execute(job(TASK_ROLL_BACK, pi));
    execute(job(EVENT_ANNOUNCE_ROLLED_BACK, pi));
    assertThat(pi).isWaitingAt(TASK_REVIEW_FAILED_DEPLOYMENT);

    reminders.remindAndEscalate(pi.getId(), TASK_REVIEW_FAILED_DEPLOYMENT);

    assertThat(reminders.notifications().sent())
        .extracting(n -> n.milestone() + " " + n.task())
        .containsExactly(
            "reminder Task_ReviewFailedDeployment", "escalation Task_ReviewFailedDeployment");
    assertThat(pi).isWaitingAt(TASK_REVIEW_FAILED_DEPLOYMENT);
  }

  @Test
  void aManualConfirmationMustSayHowItWentAndWhatFailed() {
    when(target.deploy(any())).thenReturn(DeploymentMode.MANUAL);
    ProcessInstance pi = deploy();
    execute(job(EVENT_ANNOUNCE_DEPLOYING, pi));
    execute(job(TASK_DEPLOY, pi));

    assertThatThrownBy(
            () -> complete(task(pi), Map.of(MANUAL_DEPLOYMENT_RESULT.getName(), "maybe")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("succeeded or failed");
    assertThatThrownBy(
            () ->
                complete(
                    task(pi),
                    Map.of(
                        MANUAL_DEPLOYMENT_RESULT.getName(),
                        "failed",
                        DEPLOYMENT_FAILURE.getName(),
                        " ")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("needs a description of what went wrong");
    assertThat(pi).isWaitingAt(TASK_DEPLOY_MANUALLY);
  }

  @Test
  void aFailedManualDeploymentIsRolledBackByHand() {
    when(target.deploy(any())).thenReturn(DeploymentMode.MANUAL);
    when(target.rollBack(any())).thenReturn(DeploymentMode.MANUAL);
    ProcessInstance pi = deploy();
    execute(job(EVENT_ANNOUNCE_DEPLOYING, pi));
    execute(job(TASK_DEPLOY, pi));
    complete(
        task(pi),
        Map.of(
            MANUAL_DEPLOYMENT_RESULT.getName(),
            "failed",
            DEPLOYMENT_FAILURE.getName(),
            "Disk full on app-3"));
    execute(job(TASK_DEPLOY_MANUALLY, pi));
    execute(job(EVENT_ANNOUNCE_DEPLOYMENT_FAILED, pi));
    execute(job(TASK_ROLL_BACK, pi));
    execute(job(EVENT_ANNOUNCE_ROLLED_BACK, pi));

    assertThat(pi)
        .isWaitingAt(TASK_REVIEW_FAILED_DEPLOYMENT)
        .task()
        .hasCandidateGroup("operations");
    assertThat((String) runtimeService().getVariable(pi.getId(), ROLLBACK_STATUS.getName()))
        .startsWith("Not rolled back yet")
        .contains("by hand");
    complete(
        task(pi),
        Map.of(
            ROLLBACK_CONFIRMED.getName(),
            true,
            FAILURE_REVIEW_NOTES.getName(),
            "Rolled back by hand"));
    assertThat(pi).isEnded().hasPassed(EVENT_DEPLOYMENT_FAILED).hasNotPassed(TASK_VERIFY_HEALTH);
  }

  @Test
  void aRefusedDeploymentIsRolledBackAndReviewed() {
    when(target.deploy(any()))
        .thenThrow(new DeploymentRejectedException("answered 409: a deployment is running"));
    when(target.rollBack(any())).thenReturn(DeploymentMode.AUTOMATIC);
    ProcessInstance pi = deploy();
    execute(job(EVENT_ANNOUNCE_DEPLOYING, pi));
    execute(job(TASK_DEPLOY, pi)); // refused
    execute(job(EVENT_ANNOUNCE_DEPLOYMENT_FAILED, pi));
    execute(job(TASK_ROLL_BACK, pi));
    execute(job(EVENT_ANNOUNCE_ROLLED_BACK, pi));

    assertThat(pi)
        .isWaitingAt(TASK_REVIEW_FAILED_DEPLOYMENT)
        .variables()
        .containsEntry(DEPLOYMENT_FAILURE.getName(), "answered 409: a deployment is running");
    assertThat((String) runtimeService().getVariable(pi.getId(), ROLLBACK_STATUS.getName()))
        .startsWith("Rolled back automatically");
  }

  @Test
  void anUnhealthyDeploymentIsRolledBack() {
    when(target.deploy(any())).thenReturn(DeploymentMode.AUTOMATIC);
    when(target.rollBack(any())).thenReturn(DeploymentMode.AUTOMATIC);
    when(healthCheck.check(HEALTH))
        .thenReturn(new HealthCheck.Report(false, "GET /health answered 503"));
    ProcessInstance pi = deploy();
    execute(job(EVENT_ANNOUNCE_DEPLOYING, pi));
    execute(job(TASK_DEPLOY, pi));
    execute(job(TASK_VERIFY_HEALTH, pi));
    execute(job(EVENT_ANNOUNCE_DEPLOYMENT_FAILED, pi));
    execute(job(TASK_ROLL_BACK, pi));
    execute(job(EVENT_ANNOUNCE_ROLLED_BACK, pi));

    assertThat(pi)
        .isWaitingAt(TASK_REVIEW_FAILED_DEPLOYMENT)
        .hasPassedInOrder(TASK_VERIFY_HEALTH, TASK_ROLL_BACK)
        .variables()
        .containsEntry(
            DEPLOYMENT_FAILURE.getName(),
            "Health check of production failed: GET /health answered 503");
    verify(target).rollBack(any());
  }

  @Test
  void anUnreachableTargetIsRetriedAndThenBecomesAnIncident() {
    when(target.deploy(any()))
        .thenThrow(new DeploymentTargetUnavailableException("connection refused"));
    ProcessInstance pi = deploy();
    execute(job(EVENT_ANNOUNCE_DEPLOYING, pi));

    for (int attempt = 1; attempt <= 3; attempt++) {
      Job job = job(TASK_DEPLOY, pi);
      assertThatThrownBy(() -> managementService().executeJob(job.getId()))
          .hasMessageContaining("connection refused");
    }

    assertThat(job(TASK_DEPLOY, pi).getRetries()).isZero();
    assertThat(
            runtimeService()
                .createIncidentQuery()
                .processInstanceId(pi.getId())
                .singleResult()
                .getIncidentMessage())
        .isEqualTo("connection refused");
    assertThat(pi).isWaitingAt(TASK_DEPLOY);
  }

  private static ProcessInstance deploy() {
    return runtimeService()
        .startProcessInstanceByKey(
            DeploymentProcess.KEY,
            "payments@2.4.0",
            Map.of(
                SERVICE.getName(),
                "payments",
                VERSION.getName(),
                "2.4.0",
                DeploymentProcess.Variables.COMMIT.getName(),
                COMMIT,
                ENVIRONMENT.getName(),
                "production",
                RELEASE_KEY.getName(),
                "payments@2.4.0"));
  }
}
