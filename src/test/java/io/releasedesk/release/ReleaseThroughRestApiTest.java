package io.releasedesk.release;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLATION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.support.ApiClient.releaseRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole release driven through the engine REST API, as a CI/CD system or script would, by the people whose tasks
 * they are, with real HTTP webhooks and health checks against a local server. Runs on H2; the PostgreSQL variant
 * extends it.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ReleaseThroughRestApiTest {

  @RegisterExtension
  static WireMockExtension environments =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void webhookEnvironments(DynamicPropertyRegistry registry) {
    for (String environment : List.of("staging", "production")) {
      String prefix = "releasedesk.deployment.environments." + environment + ".";
      registry.add(prefix + "target", () -> "webhook");
      registry.add(prefix + "webhook-url", () -> environments.baseUrl() + "/deploy/" + environment);
      registry.add(prefix + "health-url", () -> environments.baseUrl() + "/health/" + environment);
    }
  }

  @Autowired TestRestTemplate rest;
  ApiClient api;

  @BeforeEach
  void client() {
    api = new ApiClient(rest);
  }

  @Test
  void aReleaseRunsFromRequestToRetrospectiveThroughTheRestApi() {
    environments.stubFor(
        post(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        post(urlEqualTo("/deploy/production")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    environments.stubFor(
        get(urlEqualTo("/health/production")).willReturn(aResponse().withStatus(200)));
    String key = "checkout@3.1.0";

    // Rita requests the release with the start form
    String releaseId =
        api.requestWithStartForm(releaseRequest("checkout", "3.1.0", "One-page checkout"));
    assertThat(api.releaseId(key)).as("the release is known by its key").isEqualTo(releaseId);

    // planning and coordination
    api.plan(key, "large");
    api.teamsReady(key);

    // the first candidate goes to staging by webhook and QA passes it
    api.qaPasses(key, "Checkout journeys pass");
    environments.verify(
        postRequestedFor(urlEqualTo("/deploy/staging"))
            .withRequestBody(
                equalToJson(
                    "{\"service\":\"checkout\",\"version\":\"3.1.0-rc.1\",\"environment\":\"staging\",\"releaseKey\":\"checkout@3.1.0\"}",
                    false,
                    true)));

    // a large change needs a release manager's approval, and not Rita's own
    String approval = api.waitForTask(key, TASK_APPROVE_AS_RELEASE_MANAGER);
    var selfApproval = api.submit("rita", approval, Map.of(DECISION.getName(), "approve"));
    assertThat(selfApproval.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(selfApproval.getBody().get("message").toString())
        .contains("Four-eyes rule: rita requested checkout@3.1.0 and cannot approve it");
    api.approve(key, "paula", "Go");

    // production by webhook, release notes, and after the observation period the retrospective
    api.holdRetrospective(key, "Fast QA", "Late sign-off");
    environments.verify(
        postRequestedFor(urlEqualTo("/deploy/production"))
            .withRequestBody(
                equalToJson(
                    "{\"service\":\"checkout\",\"version\":\"3.1.0\",\"environment\":\"production\",\"releaseKey\":\"checkout@3.1.0\"}",
                    false,
                    true)));

    assertThat(api.awaitCompleted(releaseId)).containsEntry("startUserId", "rita");
    var status = api.status(key);
    assertThat(status).containsEntry("outcome", "released");
    assertThat((Map<String, Object>) status.get("facts"))
        .containsEntry(REQUESTED_BY.getName(), "rita")
        .containsEntry(APPROVED_BY.getName(), "paula")
        .containsEntry(RISK_LEVEL.getName(), "medium");
    ResponseEntity<String> notes = api.text("rita", "/api/releases/" + key + "/notes");
    assertThat(notes.getHeaders().getContentType().toString()).startsWith("text/markdown");
    assertThat(notes.getBody())
        .startsWith("# checkout 3.1.0")
        .contains("approved by paula", "One-page checkout");
  }

  @Test
  void theServiceCatalogIsListedToThoseWhoLogIn() {
    ResponseEntity<List> services =
        rest.withBasicAuth("devon", "devon").getForEntity("/api/services", List.class);

    assertThat(services.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(services.getBody())
        .extracting(service -> ((Map<?, ?>) service).get("name"))
        .containsExactly("payments", "checkout", "search", "inventory");
    Map<?, ?> search = (Map<?, ?>) services.getBody().get(2);
    assertThat(search.get("tagPattern")).isEqualTo("{service}-v{version}");
    assertThat(search.get("path")).isEqualTo("services/search");
    assertThat(search.get("owners")).isEqualTo(List.of("paula", "developers"));
    assertThat(rest.getForEntity("/api/services", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theApiRefusesABadRequestWithEveryProblemAndStartsNothing() {
    var request = releaseRequest("billing", "1.0", "x");
    request.put(TARGET_DATE.getName(), "2001-01-01");
    var refused = api.call("rita", HttpMethod.POST, "/api/releases", request);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("detail").toString())
        .contains(
            "Service 'billing' is not in the service catalog",
            "add it to the catalog file " + "classpath:test-services.yaml",
            "Version '1.0' is not a semantic version",
            "Target date 2001-01-01 lies in the past");
    assertThat(api.call("rita", HttpMethod.GET, "/api/releases/billing@1.0", null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aReleaseCanBeCancelledThroughTheApiWithAReason(CapturedOutput output) {
    String key = "search@1.2.0";
    var hotfix = releaseRequest("search", "1.2.0", "Typo fix");
    hotfix.put(TARGET_DATE.getName(), LocalDate.now().plusDays(3).toString());
    hotfix.put(RELEASE_TYPE.getName(), "hotfix");
    hotfix.put(CUSTOMER_FACING.getName(), true);
    var started = api.call("rita", HttpMethod.POST, "/api/releases", hotfix);
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(started.getHeaders().getLocation()).hasPath("/api/releases/" + key);
    // announced and its version proposed, it waits for its plan
    api.waitForTask(key, TASK_PLAN_RELEASE);

    assertThat(api.cancel(key, " ").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.cancel(key, "Fixed by the 1.2.1 hotfix").getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    // the release ends once its cancellation is announced, right after
    var status = api.awaitOutcome(key, "cancelled");
    assertThat((Map<String, Object>) status.get("facts"))
        .containsEntry(CANCELLATION_REASON.getName(), "Fixed by the 1.2.1 hotfix")
        .containsEntry(CANCELLED_BY.getName(), "rita");
    int logMark = output.getAll().length();
    assertThat(api.cancel(key, "again").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(output.getAll().substring(logMark))
        .as("a refusal is no server error")
        .doesNotContain(" ERROR ");
  }
}
