package io.releasedesk.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.client.RestClient;

/** A webhook deployment target against a real HTTP server, through the HTTP client the application configures. */
class WebhookDeploymentTargetTest {

  /**
   * A webhook receiver that, like WireMock's Jetty by default, would accept an upgrade of a cleartext connection to
   * HTTP/2 and then drop requests with a body (wiremock/wiremock#3577): the client must not ask for it.
   */
  @RegisterExtension
  static WireMockExtension webhook =
      WireMockExtension.newInstance().options(options().dynamicPort()).build();

  static final DeploymentRequest PAYMENTS =
      new DeploymentRequest(
          "payments",
          "2.4.0",
          "3f2a9c41d0b7e85f6a1c2d3e4f5a6b7c8d9e0f1a",
          "production",
          "payments@2.4.0",
          "proc-42:Task_Deploy");

  static RestClient http(Duration requestTimeout) {
    var properties =
        new DeploymentProperties(
            Map.of(),
            requestTimeout,
            new DeploymentProperties.HealthCheck(1, Duration.ofMillis(1)));
    return new DeploymentHttpConfiguration().deploymentHttpClient(RestClient.builder(), properties);
  }

  static URI url(String path) {
    return URI.create(webhook.baseUrl() + path);
  }

  static WebhookDeploymentTarget target(String token) {
    return new WebhookDeploymentTarget(
        http(Duration.ofSeconds(5)), url("/deploy"), url("/rollback"), token);
  }

  static void answerDeploy(int status, String body) {
    webhook.stubFor(post("/deploy").willReturn(aResponse().withStatus(status).withBody(body)));
  }

  @Test
  void acceptedDeploymentRunsAutomaticallyAndTheWebhookGetsTheRelease() {
    // given a webhook that accepts deployments
    answerDeploy(202, "");

    // when Release Desk deploys payments 2.4.0 to production
    DeploymentMode mode = target("s3cret").deploy(PAYMENTS);

    // then the deployment counts as started automatically, and the webhook was told exactly what to
    // deploy
    assertThat(mode).isEqualTo(DeploymentMode.AUTOMATIC);
    webhook.verify(
        1,
        postRequestedFor(urlEqualTo("/deploy"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withHeader("Idempotency-Key", equalTo("proc-42:Task_Deploy:deployment"))
            .withHeader("Authorization", equalTo("Bearer s3cret"))
            .withHeader("User-Agent", equalTo("ReleaseDesk"))
            .withRequestBody(
                equalToJson(
                    """
            {"service": "payments", "version": "2.4.0", "commit": "3f2a9c41d0b7e85f6a1c2d3e4f5a6b7c8d9e0f1a",
             "environment": "production", "releaseKey": "payments@2.4.0"}
            """)));
    // after asking whether it already had the deployment (see WebhookStatusFollowUpTest)
    assertThat(webhook.getAllServeEvents())
        .extracting(event -> event.getRequest().getMethod().value())
        .containsExactlyInAnyOrder("GET", "POST");
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 204})
  void anyTwoHundredAnswerIsAnAcceptedDeployment(int status) {
    webhook.stubFor(post("/deploy").willReturn(aResponse().withStatus(status)));

    assertThat(target(null).deploy(PAYMENTS)).isEqualTo(DeploymentMode.AUTOMATIC);
  }

  @Test
  void withoutATokenNoAuthorizationIsSent() {
    answerDeploy(200, "{\"deploymentId\": 7}");

    target(null).deploy(PAYMENTS);

    webhook.verify(1, postRequestedFor(urlEqualTo("/deploy")).withoutHeader("Authorization"));
  }

  @Test
  void aBlankTokenCountsAsNoToken() {
    answerDeploy(200, "");

    target("  ").deploy(PAYMENTS);

    webhook.verify(1, postRequestedFor(urlEqualTo("/deploy")).withoutHeader("Authorization"));
  }

  @Test
  void retryingTheSameStepSendsTheSameIdempotencyKey() {
    answerDeploy(503, "busy");
    var target = target(null);

    assertThatThrownBy(() -> target.deploy(PAYMENTS))
        .isInstanceOf(DeploymentTargetUnavailableException.class);
    answerDeploy(200, "");
    target.deploy(PAYMENTS);

    webhook.verify(
        2,
        postRequestedFor(urlEqualTo("/deploy"))
            .withHeader("Idempotency-Key", equalTo("proc-42:Task_Deploy:deployment")));
  }

  @Test
  void refusedDeploymentIsRejectedNamingEnvironmentStatusAndWhy() {
    // given a webhook that refuses the version
    answerDeploy(422, "{\"error\": \"image payments:2.4.0 not found\"}\n");

    // then the deployment is rejected (a retry will not help), and the message says where, what and
    // why
    assertThatThrownBy(() -> target(null).deploy(PAYMENTS))
        .isInstanceOf(DeploymentRejectedException.class)
        .hasMessage(
            "The deployment webhook for production answered 422 to payments 2.4.0: "
                + "{\"error\": \"image payments:2.4.0 not found\"}");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409})
  void otherClientErrorsAreRejectionsToo(int status) {
    answerDeploy(status, "");

    assertThatThrownBy(() -> target(null).deploy(PAYMENTS))
        .isInstanceOf(DeploymentRejectedException.class)
        .hasMessage(
            "The deployment webhook for production answered " + status + " to payments 2.4.0");
  }

  @Test
  void aLongAnswerIsCutInTheMessage() {
    answerDeploy(422, "x".repeat(2000));

    assertThatThrownBy(() -> target(null).deploy(PAYMENTS))
        .isInstanceOf(DeploymentRejectedException.class)
        .hasMessageEndingWith(": " + "x".repeat(500) + "…");
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void timeoutsThrottlingAndServerErrorsAreWorthRetrying(int status) {
    answerDeploy(status, "try later");

    assertThatThrownBy(() -> target(null).deploy(PAYMENTS))
        .isInstanceOf(DeploymentTargetUnavailableException.class)
        .hasMessage(
            "The deployment webhook for production answered "
                + status
                + " to payments 2.4.0: try later");
  }

  @Test
  void aWebhookNobodyListensOnIsUnavailable() throws IOException {
    URI nowhere = URI.create("http://localhost:" + unusedPort() + "/deploy");
    var target = new WebhookDeploymentTarget(http(Duration.ofSeconds(5)), nowhere, null, null);

    assertThatThrownBy(() -> target.deploy(PAYMENTS))
        .isInstanceOf(DeploymentTargetUnavailableException.class)
        .hasMessageStartingWith(
            "The deployment webhook " + nowhere + " for production could not be reached");
  }

  @Test
  void aWebhookSlowerThanTheRequestTimeoutIsUnavailable() {
    // given a webhook that takes longer to answer than Release Desk waits
    webhook.stubFor(post("/deploy").willReturn(aResponse().withStatus(200).withFixedDelay(1_000)));
    var target =
        new WebhookDeploymentTarget(http(Duration.ofMillis(200)), url("/deploy"), null, null);

    // then the deployment does not hang but counts as unavailable, to be retried
    assertThatThrownBy(() -> target.deploy(PAYMENTS))
        .isInstanceOf(DeploymentTargetUnavailableException.class)
        .hasMessageContaining("could not be reached");
  }

  @Test
  void rollBackIsPostedToTheRollbackUrl() {
    webhook.stubFor(post("/rollback").willReturn(aResponse().withStatus(202)));

    DeploymentMode mode = target("s3cret").rollBack(PAYMENTS);

    assertThat(mode).isEqualTo(DeploymentMode.AUTOMATIC);
    webhook.verify(
        1,
        postRequestedFor(urlEqualTo("/rollback"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withHeader("Idempotency-Key", equalTo("proc-42:Task_Deploy:roll-back"))
            .withHeader("Authorization", equalTo("Bearer s3cret"))
            .withRequestBody(
                equalToJson(
                    """
            {"service": "payments", "version": "2.4.0", "commit": "3f2a9c41d0b7e85f6a1c2d3e4f5a6b7c8d9e0f1a",
             "environment": "production", "releaseKey": "payments@2.4.0"}
            """)));
    webhook.verify(0, postRequestedFor(urlEqualTo("/deploy")));
  }

  @Test
  void withoutRollbackUrlOperationsRollBackByHandAndNothingIsSent() {
    var target =
        new WebhookDeploymentTarget(http(Duration.ofSeconds(5)), url("/deploy"), null, "s3cret");

    assertThat(target.rollBack(PAYMENTS)).isEqualTo(DeploymentMode.MANUAL);
    webhook.verify(0, anyRequestedFor(anyUrl()));
  }

  @ParameterizedTest
  @ValueSource(ints = {409, 500, 503})
  void aFailedRollBackIsUnavailableToBeRetried(int status) {
    webhook.stubFor(
        post("/rollback").willReturn(aResponse().withStatus(status).withBody("rollback failed")));

    assertThatThrownBy(() -> target(null).rollBack(PAYMENTS))
        .isInstanceOf(DeploymentTargetUnavailableException.class)
        .hasMessage(
            "The roll-back webhook for production answered "
                + status
                + " to payments 2.4.0: rollback failed");
  }

  /** A local port that nobody listens on (it was free a moment ago). */
  static int unusedPort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
