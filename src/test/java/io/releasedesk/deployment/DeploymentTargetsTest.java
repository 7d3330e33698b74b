package io.releasedesk.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.client.RestClient;

/**
 * The deployment configuration as the application binds and validates it at startup: mistakes stop the start with
 * a message that says what to fix.
 */
class DeploymentTargetsTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(DeploymentProperties.class)
  @Import({DeploymentHttpConfiguration.class, DeploymentTargets.class})
  static class Deployment {

    @Bean
    RestClient.Builder restClientBuilder() {
      return RestClient.builder();
    }
  }

  static final String STAGING = "releasedesk.deployment.environments.staging.";
  static final String PRODUCTION = "releasedesk.deployment.environments.production.";

  final ApplicationContextRunner application =
      new ApplicationContextRunner().withUserConfiguration(Deployment.class);

  /** Staging deployed by hand, production by webhook. */
  ApplicationContextRunner configured() {
    return application.withPropertyValues(
        STAGING + "target=manual",
        STAGING + "health-url=https://staging.example.com/health",
        PRODUCTION + "target=webhook",
        PRODUCTION + "webhook-url=https://deploy.example.com/hooks/production",
        PRODUCTION + "health-url=https://payments.example.com/health");
  }

  static final DeploymentRequest PAYMENTS =
      new DeploymentRequest(
          "payments",
          "2.4.0",
          "3f2a9c41d0b7e85f6a1c2d3e4f5a6b7c8d9e0f1a",
          "staging",
          "payments@2.4.0",
          "proc-42:Task_Deploy");

  @Test
  void eachEnvironmentGetsItsTargetAndHealthUrl() {
    configured()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              DeploymentTargets targets = context.getBean(DeploymentTargets.class);

              assertThat(targets.target("staging")).isInstanceOf(ManualDeploymentTarget.class);
              assertThat(targets.target("staging").deploy(PAYMENTS))
                  .isEqualTo(DeploymentMode.MANUAL);
              assertThat(targets.target("production")).isInstanceOf(WebhookDeploymentTarget.class);
              assertThat(targets.healthUrl("staging"))
                  .isEqualTo(URI.create("https://staging.example.com/health"));
              assertThat(targets.healthUrl("production"))
                  .isEqualTo(URI.create("https://payments.example.com/health"));
            });
  }

  @Test
  void manualIsTheDefaultTarget() {
    application
        .withPropertyValues(
            STAGING + "health-url=https://staging.example.com/health",
            PRODUCTION + "health-url=https://payments.example.com/health")
        .run(
            context ->
                assertThat(context.getBean(DeploymentTargets.class).target("production"))
                    .isInstanceOf(ManualDeploymentTarget.class));
  }

  @Test
  void missingStagingStopsTheStartNamingIt() {
    application
        .withPropertyValues(PRODUCTION + "health-url=https://payments.example.com/health")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                        "releasedesk.deployment.environments must define 'staging': the release model deploys to it "
                            + "(defined: [production])"));
  }

  @Test
  void missingProductionStopsTheStartNamingIt() {
    application
        .withPropertyValues(
            STAGING + "health-url=https://staging.example.com/health",
            "releasedesk.deployment.environments.prod.health-url=https://payments.example.com/health")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(
                        "releasedesk.deployment.environments must define 'production'")
                    .hasMessageContaining("staging", "prod"));
  }

  @Test
  void noEnvironmentsAtAllStopTheStart() {
    application.run(
        context ->
            assertThat(context)
                .hasFailed()
                .getFailure()
                .hasStackTraceContaining("releasedesk.deployment.environments"));
  }

  @Test
  void askingForAnEnvironmentThatIsNotConfiguredNamesTheConfiguredOnes() {
    configured()
        .run(
            context -> {
              DeploymentTargets targets = context.getBean(DeploymentTargets.class);

              assertThatIllegalArgumentException()
                  .isThrownBy(() -> targets.target("prod"))
                  .withMessage(
                      "No environment 'prod' is configured; configured are [staging, production]");
              assertThatIllegalArgumentException()
                  .isThrownBy(() -> targets.healthUrl("qa"))
                  .withMessage(
                      "No environment 'qa' is configured; configured are [staging, production]");
            });
  }

  @Test
  void aWebhookTargetWithoutWebhookUrlIsRefusedAtStartup() {
    application
        .withPropertyValues(
            STAGING + "health-url=https://staging.example.com/health",
            PRODUCTION + "target=webhook",
            PRODUCTION + "health-url=https://payments.example.com/health")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("releasedesk.deployment")
                    .hasStackTraceContaining("a webhook target needs a webhook-url"));
  }

  @Test
  void anEnvironmentWithoutHealthUrlIsRefusedAtStartup() {
    application
        .withPropertyValues(
            STAGING + "health-url=https://staging.example.com/health", PRODUCTION + "target=manual")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("environments[production].healthUrl"));
  }

  @Test
  void anUnknownTargetKindIsRefusedAtStartup() {
    configured()
        .withPropertyValues(PRODUCTION + "target=kubernetes")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining(
                        "releasedesk.deployment.environments.production.target")
                    .hasStackTraceContaining("kubernetes"));
  }

  @Test
  void aWebhookUrlLeftEmptyCountsAsMissing() {
    // application.yaml fills webhook-url from an environment variable that defaults to empty
    application
        .withPropertyValues(
            STAGING + "health-url=https://staging.example.com/health",
            PRODUCTION + "target=webhook",
            PRODUCTION + "webhook-url=",
            PRODUCTION + "health-url=https://payments.example.com/health")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("a webhook target needs a webhook-url"));
  }

  @Test
  void aRollbackUrlAndTokenLeftEmptyMeanRollBackByHandWithoutToken() {
    // given a webhook environment configured like application.yaml with only the webhook URL set
    configured()
        .withPropertyValues(PRODUCTION + "rollback-url=", PRODUCTION + "webhook-token=")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              DeploymentTarget production =
                  context.getBean(DeploymentTargets.class).target("production");

              // then a roll-back is handed to operations instead of POSTed to an empty URL
              assertThat(production.rollBack(PAYMENTS)).isEqualTo(DeploymentMode.MANUAL);
            });
  }
}
