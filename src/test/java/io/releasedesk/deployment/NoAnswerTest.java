package io.releasedesk.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.client.RestClient;

/**
 * A webhook or health URL that gives no answer is reported with the real cause — refused, timed out, unknown host,
 * TLS, closed or reset — in the incident and the health report, not as "I/O error …: null".
 */
class NoAnswerTest {

  @RegisterExtension
  static WireMockExtension peer =
      WireMockExtension.newInstance().options(options().dynamicPort().dynamicHttpsPort()).build();

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

  static String deploymentFailure(URI webhook, Duration requestTimeout) {
    var target = new WebhookDeploymentTarget(http(requestTimeout), webhook, null, null);
    Throwable thrown = catchThrowable(() -> target.deploy(PAYMENTS));
    assertThat(thrown).isInstanceOf(DeploymentTargetUnavailableException.class);
    assertThat(thrown.getMessage())
        .startsWith("The deployment webhook " + webhook + " for production could not be reached: ")
        .doesNotContain("null", "I/O error");
    return thrown.getMessage();
  }

  @Test
  void aClosedPortIsAConnectionRefused() throws IOException {
    int port = unusedPort();

    assertThat(
            deploymentFailure(
                URI.create("http://localhost:" + port + "/deploy"), Duration.ofSeconds(5)))
        .endsWith("could not be reached: connection refused by localhost:" + port);
  }

  @Test
  void aSlowWebhookTimedOutAfterTheRequestTimeout() {
    peer.stubFor(post("/deploy").willReturn(aResponse().withStatus(202).withFixedDelay(3_000)));

    assertThat(deploymentFailure(plain("/deploy"), Duration.ofMillis(500)))
        .containsPattern("could not be reached: timed out after 0\\.[5-9] s without an answer$");
  }

  @Test
  void anUnknownHostIsNamed() {
    assertThat(
            deploymentFailure(
                URI.create("http://deploy.nowhere.invalid/deploy"), Duration.ofSeconds(5)))
        .endsWith("could not be reached: unknown host deploy.nowhere.invalid");
  }

  @Test
  void aCertificateThatIsNotTrustedIsATlsFailure() {
    URI webhook =
        URI.create("https://localhost:" + peer.getRuntimeInfo().getHttpsPort() + "/deploy");

    assertThat(deploymentFailure(webhook, Duration.ofSeconds(5)))
        .contains("could not be reached: TLS failure with localhost: ");
  }

  @Test
  void aConnectionClosedWithoutAnAnswerSaysSo() {
    peer.stubFor(post("/deploy").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

    assertThat(deploymentFailure(plain("/deploy"), Duration.ofSeconds(5)))
        .endsWith("could not be reached: connection closed by localhost without an answer");
  }

  @Test
  void aResetConnectionSaysSo() {
    peer.stubFor(post("/deploy").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThat(deploymentFailure(plain("/deploy"), Duration.ofSeconds(5)))
        .endsWith("could not be reached: connection reset by localhost");
  }

  @Test
  void theHealthReportNamesTheCauseToo() throws IOException {
    var properties =
        new DeploymentProperties(
            Map.of(),
            Duration.ofMillis(500),
            new DeploymentProperties.HealthCheck(2, Duration.ofMillis(5)));
    var healthCheck = new HealthCheck(http(Duration.ofMillis(500)), properties);
    peer.stubFor(get("/health").willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
    int port = unusedPort();

    assertThat(healthCheck.check(plain("/health")).summary())
        .matches(
            "GET .*/health could not be reached \\(timed out after 0\\.[5-9] s without an answer\\) after 2 attempts");
    assertThat(healthCheck.check(URI.create("http://localhost:" + port + "/health")).summary())
        .isEqualTo(
            "GET http://localhost:"
                + port
                + "/health could not be reached (connection refused by localhost:"
                + port
                + ") after 2 attempts");
  }

  /** The peer over plain HTTP (its base URL is the HTTPS one). */
  static URI plain(String path) {
    return URI.create("http://localhost:" + peer.getPort() + path);
  }

  /** A local port that nobody listens on (it was free a moment ago). */
  static int unusedPort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
