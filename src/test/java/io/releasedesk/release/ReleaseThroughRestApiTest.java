package io.releasedesk.release;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

    // Rita requests the release with the start form
    var started =
        call(
            "rita",
            HttpMethod.POST,
            "/engine-rest/process-definition/key/release/submit-form",
            Map.of(
                "variables",
                variables(
                    Map.of(
                        "service",
                        "checkout",
                        "version",
                        "3.1.0",
                        "targetDate",
                        LocalDate.now().plusDays(7).toString(),
                        "releaseType",
                        "regular",
                        "scopeSummary",
                        "One-page checkout",
                        "hasDatabaseMigrations",
                        false,
                        "customerFacing",
                        false))));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    String releaseId = (String) started.getBody().get("id");
    assertThat(started.getBody()).containsEntry("businessKey", "checkout@3.1.0");

    // planning and coordination
    work("rita", "Task_PlanRelease", Map.of("changeSize", "large"));
    work("devon", "Task_ConfirmDevelopmentReadiness", Map.of("developmentReadiness", "ready"));
    work("quinn", "Task_ConfirmQaReadiness", Map.of("qaReadiness", "ready"));
    work("otto", "Task_ConfirmOperationsReadiness", Map.of("operationsReadiness", "ready"));

    // the first candidate goes to staging by webhook and QA passes it
    work(
        "quinn",
        "Task_VerifyReleaseCandidate",
        Map.of("qaResult", "pass", "defectsFound", 0, "testSummary", "Checkout journeys pass"));
    environments.verify(
        postRequestedFor(urlEqualTo("/deploy/staging"))
            .withRequestBody(
                equalToJson(
                    "{\"service\":\"checkout\",\"version\":\"3.1.0-rc.1\",\"environment\":\"staging\",\"releaseKey\":\"checkout@3.1.0\"}",
                    false,
                    true)));

    // a large change needs a release manager's approval, and not Rita's own
    String approval = waitForTask("Task_ApproveAsReleaseManager");
    var selfApproval =
        call(
            "rita",
            HttpMethod.POST,
            "/engine-rest/task/" + approval + "/submit-form",
            Map.of("variables", variables(Map.of("decision", "approve"))));
    assertThat(selfApproval.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(selfApproval.getBody().get("message").toString())
        .contains("Four-eyes rule: rita requested checkout@3.1.0 and cannot approve it");
    work("paula", "Task_ApproveAsReleaseManager", Map.of("decision", "approve", "comment", "Go"));

    // production by webhook, release notes, and after the observation period the retrospective
    work(
        "rita",
        "Task_HoldRetrospective",
        Map.of("wentWell", "Fast QA", "wentBadly", "Late sign-off"));
    environments.verify(
        postRequestedFor(urlEqualTo("/deploy/production"))
            .withRequestBody(
                equalToJson(
                    "{\"service\":\"checkout\",\"version\":\"3.1.0\",\"environment\":\"production\",\"releaseKey\":\"checkout@3.1.0\"}",
                    false,
                    true)));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        call(
                                "rita",
                                HttpMethod.GET,
                                "/engine-rest/history/process-instance/" + releaseId,
                                null)
                            .getBody())
                    .containsEntry("state", "COMPLETED")
                    .containsEntry("startUserId", "rita"));
    var status = call("rita", HttpMethod.GET, "/api/releases/checkout@3.1.0", null).getBody();
    assertThat(status).containsEntry("outcome", "released");
    assertThat((Map<String, Object>) status.get("facts"))
        .containsEntry("requestedBy", "rita")
        .containsEntry("approvedBy", "paula")
        .containsEntry("riskLevel", "medium");
    ResponseEntity<String> notes =
        rest.withBasicAuth("rita", "rita")
            .getForEntity("/api/releases/checkout@3.1.0/notes", String.class);
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
    var refused =
        call(
            "rita",
            HttpMethod.POST,
            "/api/releases",
            Map.of(
                "service",
                "billing",
                "version",
                "1.0",
                "targetDate",
                "2001-01-01",
                "releaseType",
                "regular",
                "scopeSummary",
                "x",
                "hasDatabaseMigrations",
                false,
                "customerFacing",
                false));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("detail").toString())
        .contains(
            "Service 'billing' is not in the service catalog",
            "add it to the catalog file " + "classpath:test-services.yaml",
            "Version '1.0' is not a semantic version",
            "Target date 2001-01-01 lies in the past");
    assertThat(call("rita", HttpMethod.GET, "/api/releases/billing@1.0", null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aReleaseCanBeCancelledThroughTheApiWithAReason(CapturedOutput output) {
    var started =
        call(
            "rita",
            HttpMethod.POST,
            "/api/releases",
            Map.of(
                "service",
                "search",
                "version",
                "1.2.0",
                "targetDate",
                LocalDate.now().plusDays(3).toString(),
                "releaseType",
                "hotfix",
                "scopeSummary",
                "Typo fix",
                "hasDatabaseMigrations",
                false,
                "customerFacing",
                true));
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(started.getHeaders().getLocation()).hasPath("/api/releases/search@1.2.0");
    // announced and its version proposed, it waits for its plan
    waitForTask(ReleaseProcess.Elements.TASK_PLAN_RELEASE);

    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases/search@1.2.0/cancel",
                    Map.of("reason", " "))
                .getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases/search@1.2.0/cancel",
                    Map.of("reason", "Fixed by the 1.2.1 hotfix"))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    // the release ends once its cancellation is announced, right after
    var status =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> call("rita", HttpMethod.GET, "/api/releases/search@1.2.0", null).getBody(),
                body -> "cancelled".equals(body.get("outcome")));
    assertThat((Map<String, Object>) status.get("facts"))
        .containsEntry("cancellationReason", "Fixed by the 1.2.1 hotfix")
        .containsEntry("cancelledBy", "rita");
    int logMark = output.getAll().length();
    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases/search@1.2.0/cancel",
                    Map.of("reason", "again"))
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(output.getAll().substring(logMark))
        .as("a refusal is no server error")
        .doesNotContain(" ERROR ");
  }

  /** The person claims the open task of this kind and submits its form. */
  void work(String user, String taskKey, Map<String, Object> values) {
    String taskId = waitForTask(taskKey);
    assertThat(
            call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/claim",
                    Map.of("userId", user))
                .getStatusCode())
        .as("%s claims %s", user, taskKey)
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(
            call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/submit-form",
                    Map.of("variables", variables(values)))
                .getStatusCode())
        .as("%s completes %s", user, taskKey)
        .isIn(HttpStatus.OK, HttpStatus.NO_CONTENT);
  }

  /**
   * Waits until the job executor has moved the release on to an open task of this kind: long enough for one retry of
   * a step whose webhook call failed (the models retry a minute later), as a real deployment would.
   */
  String waitForTask(String taskKey) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              var tasks =
                  new ApiClient(rest)
                      .list(
                          "admin", "/engine-rest/task?maxResults=10&taskDefinitionKey=" + taskKey);
              return tasks == null || tasks.isEmpty() ? null : (String) tasks.get(0).get("id");
            },
            id -> id != null);
  }

  ResponseEntity<Map<String, Object>> call(
      String user, HttpMethod method, String path, Object body) {
    return new ApiClient(rest).call(user, method, path, body);
  }
}
