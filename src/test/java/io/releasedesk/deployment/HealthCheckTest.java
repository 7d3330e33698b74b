package io.releasedesk.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

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

/** Checking a fresh deployment's health URL against a real HTTP server, as patiently as configured. */
class HealthCheckTest {

  @RegisterExtension
  static WireMockExtension service =
      WireMockExtension.newInstance().options(options().dynamicPort()).build();

  static HealthCheck healthCheck(int attempts) {
    return healthCheck(attempts, Duration.ofSeconds(5));
  }

  static HealthCheck healthCheck(int attempts, Duration requestTimeout) {
    var properties =
        new DeploymentProperties(
            Map.of(),
            requestTimeout,
            new DeploymentProperties.HealthCheck(attempts, Duration.ofMillis(5)));
    RestClient http =
        new DeploymentHttpConfiguration().deploymentHttpClient(RestClient.builder(), properties);
    return new HealthCheck(http, properties);
  }

  static URI health() {
    return URI.create(service.baseUrl() + "/health");
  }

  @Test
  void aServiceAnsweringOkIsHealthyAtOnce() {
    service.stubFor(
        get("/health").willReturn(aResponse().withStatus(200).withBody("{\"status\":\"UP\"}")));

    HealthCheck.Report report = healthCheck(3).check(health());

    assertThat(report.healthy()).isTrue();
    assertThat(report.summary()).isEqualTo("GET " + health() + " answered 200 (attempt 1 of 3)");
    service.verify(1, getRequestedFor(urlEqualTo("/health")));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 5})
  void aServiceThatStaysUnavailableIsUnhealthyAfterEveryAttempt(int attempts) {
    service.stubFor(get("/health").willReturn(aResponse().withStatus(503)));

    HealthCheck.Report report = healthCheck(attempts).check(health());

    assertThat(report.healthy()).isFalse();
    assertThat(report.summary())
        .isEqualTo(
            "GET "
                + health()
                + " answered 503 after "
                + attempts
                + (attempts == 1 ? " attempt" : " attempts"));
    service.verify(attempts, getRequestedFor(urlEqualTo("/health")));
  }

  @Test
  void aServiceThatNeedsAMomentIsHealthyOnTheSecondAttempt() {
    // given a service that is still starting when first asked
    service.stubFor(
        get("/health")
            .inScenario("starting")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    service.stubFor(
        get("/health")
            .inScenario("starting")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(200)));

    // when its health is checked
    HealthCheck.Report report = healthCheck(3).check(health());

    // then it counts as healthy, and nobody asks a third time
    assertThat(report.healthy()).isTrue();
    assertThat(report.summary()).isEqualTo("GET " + health() + " answered 200 (attempt 2 of 3)");
    service.verify(2, getRequestedFor(urlEqualTo("/health")));
  }

  @Test
  void aServiceAnsweringNotFoundIsNotHealthy() {
    service.stubFor(get("/health").willReturn(aResponse().withStatus(404)));

    HealthCheck.Report report = healthCheck(2).check(health());

    assertThat(report.healthy()).isFalse();
    assertThat(report.summary()).isEqualTo("GET " + health() + " answered 404 after 2 attempts");
  }

  @Test
  void aServiceNobodyListensOnCouldNotBeReached() throws IOException {
    URI nowhere = URI.create("http://localhost:" + unusedPort() + "/health");

    HealthCheck.Report report = healthCheck(2).check(nowhere);

    assertThat(report.healthy()).isFalse();
    assertThat(report.summary())
        .startsWith("GET " + nowhere + " could not be reached (")
        .endsWith(") after 2 attempts");
  }

  @Test
  void aServiceSlowerThanTheRequestTimeoutCouldNotBeReached() {
    service.stubFor(get("/health").willReturn(aResponse().withStatus(200).withFixedDelay(1_000)));

    HealthCheck.Report report = healthCheck(1, Duration.ofMillis(200)).check(health());

    assertThat(report.healthy()).isFalse();
    assertThat(report.summary())
        .startsWith("GET " + health() + " could not be reached (")
        .endsWith(") after 1 attempt");
  }

  /** A local port that nobody listens on (it was free a moment ago). */
  static int unusedPort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
