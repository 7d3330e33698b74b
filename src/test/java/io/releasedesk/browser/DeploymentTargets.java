package io.releasedesk.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The deployment targets of a browser test whose releases reach staging, answered by WireMock: staging is deployed to
 * by webhook, production by hand, and both report their health. A test class declares its own peer and points the
 * application at it, since the application's configuration is made once per peer:
 *
 * <pre>{@code
 * @RegisterExtension static WireMockExtension targets = DeploymentTargets.peer();
 *
 * @DynamicPropertySource
 * static void targets(DynamicPropertyRegistry registry) {
 *   DeploymentTargets.answeredBy(targets, registry);
 * }
 * }</pre>
 */
final class DeploymentTargets {

  private DeploymentTargets() {}

  /** A WireMock server on a free port, to register as a static extension. */
  static WireMockExtension peer() {
    return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  }

  /** Points staging's webhook and both environments' health checks at the peer. */
  static void answeredBy(WireMockExtension peer, DynamicPropertyRegistry registry) {
    String staging = "releasedesk.deployment.environments.staging.";
    registry.add(staging + "target", () -> "webhook");
    registry.add(staging + "webhook-url", () -> peer.baseUrl() + "/deploy/staging");
    registry.add(staging + "health-url", () -> peer.baseUrl() + "/health/staging");
    String production = "releasedesk.deployment.environments.production.";
    registry.add(production + "target", () -> "manual");
    registry.add(production + "health-url", () -> peer.baseUrl() + "/health/production");
    // a retried webhook would wait a minute of the engine's clock, which may stand still in a
    // test: time enough to answer
    registry.add("releasedesk.deployment.request-timeout", () -> "PT10S");
  }

  /** Staging accepts every deployment, and both environments report healthy. */
  static void accepting(WireMockExtension peer) {
    peer.stubFor(post(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(202)));
    peer.stubFor(get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    peer.stubFor(get(urlEqualTo("/health/production")).willReturn(aResponse().withStatus(200)));
  }
}
