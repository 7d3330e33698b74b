package io.releasedesk.release;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_NOTES_DRAFT;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_BADLY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_WELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.time.Duration;
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
 * The release notes drafted from the commits and a service's release history, through Release Desk's API, with the
 * demo services' real git repositories and deployments by webhook to a local server.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class ServiceReleasesApiTest {

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
  void notesAreDraftedBeforeApprovalAndTheServiceHistoryListsItsReleasesNewestFirst(
      CapturedOutput output) {
    environments.stubFor(
        post(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        post(urlEqualTo("/deploy/production")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    environments.stubFor(
        get(urlEqualTo("/health/production")).willReturn(aResponse().withStatus(200)));

    // a first release of search is cancelled while it is planned
    request("search", "9.0.0");
    api.waitForTask("search@9.0.0", Elements.TASK_PLAN_RELEASE);
    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases/search@9.0.0/cancel",
                    Map.of("reason", "Too early"))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    // the second is released: before anyone approves, the notes are drafted from the candidate's
    // commits
    request("search", "9.1.0");
    api.work(
        "search@9.1.0", "rita", Elements.TASK_PLAN_RELEASE, Map.of(CHANGE_SIZE.getName(), "large"));
    api.teamsReady("search@9.1.0");
    api.work(
        "search@9.1.0",
        "quinn",
        Elements.TASK_VERIFY_RELEASE_CANDIDATE,
        Map.of(
            QA_RESULT.getName(),
            "pass",
            DEFECTS_FOUND.getName(),
            0,
            TEST_SUMMARY.getName(),
            "Search journeys pass"));
    String approval = api.waitForTask("search@9.1.0", Elements.TASK_APPROVE_AS_RELEASE_MANAGER);

    ResponseEntity<String> draft = notes("search@9.1.0");
    assertThat(draft.getHeaders().getContentType().toString()).startsWith("text/markdown");
    assertThat(draft.getBody())
        .startsWith("_Draft release notes of search@9.1.0: the changes it ships.")
        .contains(
            "## Changes since `search-v",
            "under `services/search`",
            "### Features\n\n- **search:** export as CSV ([#17](https://github.com/example/shop/issues/17)) (`",
            "### Fixes\n\n- **search:** keep the last page when the list is empty "
                + "([#12](https://github.com/example/shop/issues/12))")
        .doesNotContain("inventory");
    // what the approval form shows in Tasklist: the draft, as text it can hold
    var formVariables =
        call("paula", HttpMethod.GET, "/engine-rest/task/" + approval + "/form-variables", null);
    assertThat(formVariables.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat((Map<String, Object>) formVariables.getBody().get(RELEASE_NOTES_DRAFT.getName()))
        .containsEntry("type", "String")
        .hasEntrySatisfying("value", value -> assertThat(draft.getBody()).endsWith((String) value));

    api.work(
        "search@9.1.0",
        "paula",
        Elements.TASK_APPROVE_AS_RELEASE_MANAGER,
        Map.of(DECISION.getName(), "approve", COMMENT.getName(), "Go"));
    api.work(
        "search@9.1.0",
        "rita",
        Elements.TASK_HOLD_RETROSPECTIVE,
        Map.of(WENT_WELL.getName(), "Notes wrote themselves", WENT_BADLY.getName(), "Nothing"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                "released"
                    .equals(
                        call("rita", HttpMethod.GET, "/api/releases/search@9.1.0", null)
                            .getBody()
                            .get("outcome")));
    assertThat(notes("search@9.1.0").getBody())
        .startsWith("# search 9.1.0\n\n")
        .contains(
            "## Scope\n\nSearch by colour\n\n## Changes since `search-v",
            "export as CSV",
            "approved by paula");

    // the third is under way; a release of another service is not search's
    request("search", "9.2.0");
    request("inventory", "9.0.0");
    api.waitForTask("search@9.2.0", Elements.TASK_PLAN_RELEASE);

    var history = call("mona", HttpMethod.GET, "/api/services/search/releases", null);
    assertThat(history.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(history.getBody())
        .containsEntry("service", "search")
        .containsEntry("total", 3)
        .containsEntry("firstResult", 0)
        .containsEntry("maxResults", 20);
    List<Map<String, Object>> releases =
        (List<Map<String, Object>>) history.getBody().get("releases");
    assertThat(releases)
        .extracting(r -> r.get("releaseKey"), r -> r.get("outcome"))
        .containsExactly(
            tuple("search@9.2.0", "in progress"),
            tuple("search@9.1.0", "released"),
            tuple("search@9.0.0", "cancelled"));
    Map<String, Object> released = releases.get(1);
    assertThat(released)
        .containsEntry("version", "9.1.0")
        .containsEntry("requestedBy", "rita")
        .containsEntry("approvedBy", List.of("paula"));
    assertThat((String) released.get("sha")).matches("[0-9a-f]{40}");
    assertThat(draft.getBody())
        .contains("up to `" + ((String) released.get("sha")).substring(0, 7) + "`");
    assertThat(released.get("requestedAt")).isNotNull();
    assertThat(released.get("finishedAt")).isNotNull();
    assertThat(releases.get(0))
        .containsEntry("finishedAt", null)
        .containsEntry("approvedBy", List.of());
    assertThat(releases.get(2)).containsEntry("approvedBy", List.of()).containsEntry("sha", null);

    // paged
    var second =
        call(
            "rita",
            HttpMethod.GET,
            "/api/services/search/releases?firstResult=1&maxResults=1",
            null);
    assertThat((List<Map<String, Object>>) second.getBody().get("releases"))
        .singleElement()
        .satisfies(release -> assertThat(release).containsEntry("releaseKey", "search@9.1.0"));
    assertThat(second.getBody()).containsEntry("total", 3);

    // refusals are answered with words, and are no errors in the log
    int logMark = output.getAll().length();
    var tooMany =
        call("rita", HttpMethod.GET, "/api/services/search/releases?maxResults=5000", null);
    assertThat(tooMany.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooMany.getBody().get("detail"))
        .isEqualTo("'maxResults' must be a whole number from 1 to 100, not '5000'");
    assertThat(
            call("rita", HttpMethod.GET, "/api/services/search/releases?firstResult=last", null)
                .getBody()
                .get("detail"))
        .isEqualTo("'firstResult' must be a whole number from 0 up, not 'last'");
    var unknown = call("rita", HttpMethod.GET, "/api/services/billing/releases", null);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getBody().get("detail").toString())
        .startsWith(
            "No service 'billing': it is not in the "
                + "service catalog (payments, checkout, search, inventory) and no release of it is on record");
    assertThat(output.getAll().substring(logMark))
        .as("refusals are no server errors")
        .doesNotContain(" ERROR ");

    // the engine decides who reads the history: a developer reads none of it, a stranger nothing at
    // all
    assertThat(call("devon", HttpMethod.GET, "/api/services/search/releases", null).getBody())
        .containsEntry("total", 0)
        .containsEntry("releases", List.of());
    assertThat(rest.getForEntity("/api/services/search/releases", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  void request(String service, String version) {
    api.request(ApiClient.releaseRequest(service, version, "Search by colour"));
  }

  ResponseEntity<String> notes(String releaseKey) {
    return rest.withBasicAuth("rita", "rita")
        .getForEntity("/api/releases/" + releaseKey + "/notes", String.class);
  }

  ResponseEntity<Map<String, Object>> call(
      String user, HttpMethod method, String path, Object body) {
    return api.call(user, method, path, body);
  }
}
