package io.releasedesk.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A webhook slower than the request timeout accepts the deployment although Release Desk stopped waiting. Before the
 * step sends it again, it asks the target (GET with the same Idempotency-Key) whether it already has it: a target
 * that says so does not get it a second time; one that answers 404 does.
 */
class WebhookStatusFollowUpTest {

  @RegisterExtension
  static WireMockExtension webhook =
      WireMockExtension.newInstance().options(options().dynamicPort()).build();

  static final String KEY = "proc-42:Task_Deploy:deployment";

  static final DeploymentRequest PAYMENTS = WebhookDeploymentTargetTest.PAYMENTS;

  /** Release Desk waits three seconds for an answer (time enough for a first request on a busy machine); the target takes six to accept. */
  static WebhookDeploymentTarget target(URI statusUrl) {
    return new WebhookDeploymentTarget(
        WebhookDeploymentTargetTest.http(Duration.ofSeconds(3)),
        URI.create(webhook.baseUrl() + "/deploy"),
        null,
        "s3cret",
        statusUrl);
  }

  /** A target that accepts the first POST slowly and from then on knows the key. */
  static void slowTargetThatRemembersTheKey(String statusPath) {
    webhook.stubFor(
        get(statusPath)
            .inScenario("deploy")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(404)));
    webhook.stubFor(
        post("/deploy")
            .inScenario("deploy")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(202).withFixedDelay(6_000))
            .willSetStateTo("accepted"));
    webhook.stubFor(
        get(statusPath)
            .withHeader("Idempotency-Key", equalTo(KEY))
            .inScenario("deploy")
            .whenScenarioStateIs("accepted")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Idempotency-Key", KEY)
                    .withBody("{\"state\": \"deploying\"}")));
  }

  @Test
  void aTimedOutRequestTheTargetAcceptedIsNotSentAgain() {
    slowTargetThatRemembersTheKey("/deploy");
    var target = target(null);

    // given a first attempt that timed out while the target was accepting it
    assertThatThrownBy(() -> target.deploy(PAYMENTS))
        .isInstanceOf(DeploymentTargetUnavailableException.class)
        .hasMessageContaining("timed out after");

    // when the step is retried
    DeploymentMode mode = target.deploy(PAYMENTS);

    // then the target was asked with the same key, said it has the deployment, and got it only once
    assertThat(mode).isEqualTo(DeploymentMode.AUTOMATIC);
    webhook.verify(1, postRequestedFor(urlEqualTo("/deploy")));
    webhook.verify(
        2,
        getRequestedFor(urlEqualTo("/deploy"))
            .withHeader("Idempotency-Key", equalTo(KEY))
            .withHeader("Authorization", equalTo("Bearer s3cret")));
  }

  @Test
  void aConfiguredStatusUrlIsAskedInstead() {
    slowTargetThatRemembersTheKey("/deployments/status");
    var target = target(URI.create(webhook.baseUrl() + "/deployments/status"));

    assertThatThrownBy(() -> target.deploy(PAYMENTS))
        .isInstanceOf(DeploymentTargetUnavailableException.class);
    assertThat(target.deploy(PAYMENTS)).isEqualTo(DeploymentMode.AUTOMATIC);

    webhook.verify(1, postRequestedFor(urlEqualTo("/deploy")));
    webhook.verify(
        2,
        getRequestedFor(urlEqualTo("/deployments/status"))
            .withHeader("Idempotency-Key", equalTo(KEY)));
  }

  @Test
  void aRequestTheTargetDoesNotKnowIsSentAgain() {
    // given a target that lost the first request (it timed out) and answers 404 to the key
    webhook.stubFor(get("/deploy").willReturn(aResponse().withStatus(404)));
    webhook.stubFor(
        post("/deploy")
            .inScenario("lost")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(202).withFixedDelay(6_000))
            .willSetStateTo("back"));
    webhook.stubFor(
        post("/deploy")
            .inScenario("lost")
            .whenScenarioStateIs("back")
            .willReturn(aResponse().withStatus(202)));
    var target = target(null);

    assertThatThrownBy(() -> target.deploy(PAYMENTS))
        .isInstanceOf(DeploymentTargetUnavailableException.class);
    assertThat(target.deploy(PAYMENTS)).isEqualTo(DeploymentMode.AUTOMATIC);

    // then it got the deployment again, with the same key
    webhook.verify(
        2, postRequestedFor(urlEqualTo("/deploy")).withHeader("Idempotency-Key", equalTo(KEY)));
    webhook.verify(2, getRequestedFor(urlEqualTo("/deploy")));
  }

  @Test
  void aTargetWithoutTheFollowUpGetsTheRequestAsBefore() {
    // a generic page that answers GET with 200 but does not repeat the key is no "already there"
    webhook.stubFor(get("/deploy").willReturn(aResponse().withStatus(200).withBody("<html>")));
    webhook.stubFor(post("/deploy").willReturn(aResponse().withStatus(202)));

    assertThat(target(null).deploy(PAYMENTS)).isEqualTo(DeploymentMode.AUTOMATIC);

    webhook.verify(1, postRequestedFor(urlEqualTo("/deploy")));
  }

  @Test
  void aFollowUpThatCannotTellSendsNothingAndIsRetried() {
    webhook.stubFor(get("/deploy").willReturn(aResponse().withStatus(503)));
    webhook.stubFor(post("/deploy").willReturn(aResponse().withStatus(202)));

    assertThatThrownBy(() -> target(null).deploy(PAYMENTS))
        .isInstanceOf(DeploymentTargetUnavailableException.class)
        .hasMessage(
            "The deployment webhook for production answered 503 when asked whether it already has"
                + " payments 2.4.0; not sent, to be tried again");
    webhook.verify(0, postRequestedFor(urlEqualTo("/deploy")));
  }
}
