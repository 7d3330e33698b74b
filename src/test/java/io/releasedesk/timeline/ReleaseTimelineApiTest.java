package io.releasedesk.timeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_DEPLOY_MANUALLY;
import static io.releasedesk.deployment.DeploymentProcess.Variables.MANUAL_DEPLOYMENT_RESULT;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;
import static io.releasedesk.support.ApiClient.releaseRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A release's timeline and its approval rounds through the API, for a release that was rejected and then approved,
 * went to staging by webhook and to production by hand: the story in words and in order, without the engine's own
 * steps and variables; and only for people who may read the release, with HTTP Basic or the webapps' session.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ReleaseTimelineApiTest {

  @RegisterExtension
  static WireMockExtension environments =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void environments(DynamicPropertyRegistry registry) {
    String staging = "releasedesk.deployment.environments.staging.";
    registry.add(staging + "target", () -> "webhook");
    registry.add(staging + "webhook-url", () -> environments.baseUrl() + "/deploy/staging");
    registry.add(staging + "health-url", () -> environments.baseUrl() + "/health/staging");
    String production = "releasedesk.deployment.environments.production.";
    registry.add(production + "target", () -> "manual");
    registry.add(production + "health-url", () -> environments.baseUrl() + "/health/production");
  }

  @Autowired TestRestTemplate rest;
  ApiClient api;
  @LocalServerPort int port;

  @BeforeEach
  void client() {
    api = new ApiClient(rest);
  }

  @BeforeEach
  void environmentsAnswer() {
    environments.stubFor(
        post(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    environments.stubFor(
        get(urlEqualTo("/health/production")).willReturn(aResponse().withStatus(200)));
  }

  @Test
  void aReleaseRejectedThenApprovedAndDeployedTellsItsStoryInWordsAndInOrder() throws Exception {
    String key = "checkout@3.1.0";
    api.request(releaseRequest("checkout", "3.1.0", "One-page checkout"));
    api.plan(key, "large");
    api.teamsReady(key);
    api.qaPasses(key, "Checkout journeys pass");

    // Rita may not approve her own release; Paula rejects it, and it is planned, built and verified
    // again
    String approval = api.waitForTask(key, TASK_APPROVE_AS_RELEASE_MANAGER);
    assertThat(api.submit("rita", approval, Map.of(DECISION.getName(), "approve")).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    api.reject(key, "paula", "The rollback plan is missing");
    api.plan(key, "large");
    api.teamsReady(key);
    api.qaPasses(key, 1, "Rollback rehearsed");
    api.approve(key, "paula", "Go");

    // production by hand, then the retrospective
    api.work(
        key, "otto", TASK_DEPLOY_MANUALLY, Map.of(MANUAL_DEPLOYMENT_RESULT.getName(), "succeeded"));
    api.holdRetrospective(key, "Fast QA", "Late sign-off");
    api.awaitOutcome(key, "released");

    var answer = api.call("mona", HttpMethod.GET, "/api/releases/" + key + "/timeline", null);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(answer.getBody()).containsEntry("releaseKey", key);
    List<Map<String, Object>> entries = (List<Map<String, Object>>) answer.getBody().get("entries");
    List<String> told = entries.stream().map(ReleaseTimelineApiTest::told).toList();

    assertStartsInOrder(
        told,
        "requested|rita|Requested checkout 3.1.0 (regular, target date "
            + ApiClient.targetDate()
            + "): One-page checkout",
        "proposed|-|The repository proposed version",
        "planned|rita|Planned version 3.1.0 for " + ApiClient.targetDate() + ", a large change",
        "risk|-|Risk medium, approval by a release manager",
        "candidate|-|Candidate 3.1.0-rc.1 cut from commit ",
        "deployment|-|Staging: the deployment webhook accepted 3.1.0-rc.1 (commit ",
        "health|-|Staging healthy",
        "qa|quinn|QA passed 3.1.0-rc.1 (0 defects found): Checkout journeys pass",
        "refused|rita|Refused (attempt by rita): Four-eyes rule: rita requested checkout@3.1.0 and cannot approve it",
        "rejection|paula|Rejected: The rollback plan is missing",
        "planned|rita|Planned version 3.1.0",
        "candidate|-|Candidate 3.1.0-rc.2 cut from commit ",
        "deployment|-|Staging: the deployment webhook accepted 3.1.0-rc.2",
        "qa|quinn|QA passed 3.1.0-rc.2 (1 defects found): Rollback rehearsed",
        "approval|paula|Approved: Go",
        "deployment|otto|Production: 3.1.0 deployed by hand",
        "health|-|Production healthy",
        "notes|-|Release notes compiled",
        "retrospective|rita|Retrospective held; went well: Fast QA; went badly: Late sign-off",
        "outcome|-|Released");
    assertThat(told.stream().filter(line -> line.startsWith("readiness|")))
        .contains(
            "readiness|devon|Development ready",
            "readiness|quinn|QA ready",
            "readiness|otto|Operations ready")
        .hasSize(6);
    assertThat(entries)
        .extracting(entry -> Instant.parse((String) entry.get("at")))
        .as("in order")
        .isSorted();
    assertThat(told)
        .as("no engine noise")
        .noneMatch(
            line ->
                line.contains("Gateway")
                    || line.contains("#multiInstance")
                    || line.contains("loopCounter")
                    || line.contains("nrOf")
                    || line.contains("Approval decided"));
    assertThat(told).noneMatch(line -> line.startsWith("waiting|"));
    assertThat(entries).extracting(entry -> entry.get("kind")).doesNotContainNull();
  }

  @Test
  void theReleaseShowsItsCurrentApprovalRoundAndTheRoundsBefore() {
    String key = "payments@2.4.0";
    api.request(releaseRequest("payments", "2.4.0", "New checkout flow"));
    api.plan(key, "large");
    api.teamsReady(key);
    api.qaPasses(key, "Green");
    api.reject(key, "paula", "Not this week");

    var rejected = api.status(key);
    assertThat((Map<String, Object>) rejected.get("approval"))
        .containsEntry("round", 1)
        .containsEntry(DECISION.getName(), "reject")
        .containsEntry(REJECTED_BY.getName(), "paula")
        .containsEntry(REJECTION_REASON.getName(), "Not this week");
    assertThat((Map<String, Object>) rejected.get("facts"))
        .containsEntry(APPROVAL_DECISION.getName(), "reject")
        .containsEntry(REJECTION_REASON.getName(), "Not this week");

    api.plan(key, "large");
    api.teamsReady(key);
    api.qaPasses(key, "Green");
    api.waitForTask(key, TASK_APPROVE_AS_RELEASE_MANAGER);
    var open = api.status(key);
    assertThat((Map<String, Object>) open.get("approval"))
        .containsEntry("round", 2)
        .containsEntry(DECISION.getName(), null)
        .containsEntry(REJECTED_BY.getName(), null)
        .containsEntry(REJECTION_REASON.getName(), null);
    assertThat((Map<String, Object>) open.get("facts"))
        .doesNotContainKeys(APPROVAL_DECISION.getName(), REJECTION_REASON.getName());

    api.approve(key, "paula", "Go");
    var approved = api.status(key);
    Map<String, Object> current = (Map<String, Object>) approved.get("approval");
    assertThat(current)
        .containsEntry("round", 2)
        .containsEntry(DECISION.getName(), "approve")
        .containsEntry(APPROVED_BY.getName(), List.of("paula"))
        .containsEntry(REJECTED_BY.getName(), null)
        .containsEntry(REJECTION_REASON.getName(), null);
    assertThat((Map<String, Object>) approved.get("facts"))
        .containsEntry(APPROVAL_DECISION.getName(), "approve")
        .containsEntry(APPROVED_BY.getName(), "paula")
        .doesNotContainKey(REJECTION_REASON.getName());
    List<Map<String, Object>> rounds = (List<Map<String, Object>>) approved.get("rounds");
    assertThat(rounds)
        .extracting(round -> round.get(DECISION.getName()))
        .containsExactly("reject", "approve");
    assertThat(rounds.get(0))
        .containsEntry(REJECTED_BY.getName(), "paula")
        .containsEntry(REJECTION_REASON.getName(), "Not this week");
    List<Map<String, Object>> decisions =
        (List<Map<String, Object>>) rounds.get(0).get("decisions");
    assertThat(decisions)
        .singleElement()
        .satisfies(
            decision ->
                assertThat(decision)
                    .containsEntry("by", "paula")
                    .containsEntry(DECISION.getName(), "reject")
                    .containsEntry(COMMENT.getName(), "Not this week"));
    assertThat((List<Map<String, Object>>) current.get("decisions"))
        .singleElement()
        .satisfies(
            decision ->
                assertThat(decision)
                    .containsEntry("by", "paula")
                    .containsEntry(COMMENT.getName(), "Go"));
  }

  @Test
  void onlyPeopleWhoMayReadTheReleaseGetItsTimelineWithCredentialsOrTheWebappSession()
      throws Exception {
    String key = "search@1.2.0";
    api.request(releaseRequest("search", "1.2.0", "Faster search"));
    api.plan(key, "small");
    api.waitForTask(key, TASK_CONFIRM_DEVELOPMENT_READINESS);
    String path = "/api/releases/" + key + "/timeline";

    // release managers and viewers read every release; participants the ones they have a task in
    for (String reader : List.of("rita", "mona", "devon", "admin")) {
      assertThat(api.call(reader, HttpMethod.GET, path, null).getStatusCode())
          .as(reader)
          .isEqualTo(HttpStatus.OK);
    }
    var carol = api.call("carol", HttpMethod.GET, path, null);
    assertThat(carol.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(carol.getBody().get("detail"))
        .isEqualTo("No release search@1.2.0 that you may read");
    var unknown = api.call("rita", HttpMethod.GET, "/api/releases/search@9.9.9/timeline", null);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getBody().get("detail"))
        .isEqualTo("No release search@9.9.9 that you may read");
    List<Map<String, Object>> entries =
        (List<Map<String, Object>>)
            api.call("devon", HttpMethod.GET, path, null).getBody().get("entries");
    assertThat(entries)
        .extracting(entry -> told(entry))
        .contains("waiting|-|Waiting for Confirm development readiness");

    // the webapps' session reads the timeline, as Tasklist's Release tab does, and no other
    // release's detail
    String base = "http://localhost:" + port;
    var devon = TasklistSession.login(base, "devon", "devon");
    var read = devon.getPath(path);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonNode timeline = new ObjectMapper().readTree(read.body());
    assertThat(timeline.path("releaseKey").asText()).isEqualTo(key);
    assertThat(timeline.path("entries").get(0).path("what").asText())
        .startsWith("Requested search 1.2.0");
    assertThat(TasklistSession.login(base, "carol", "carol").getPath(path).statusCode())
        .isEqualTo(404);
    assertThat(devon.getPath("/api/releases/" + key).statusCode()).isEqualTo(401);
    // the retrospective's form links the notes, so the session reads them too: none yet while the
    // release runs
    assertThat(devon.getPath("/api/releases/" + key + "/notes").statusCode()).isEqualTo(404);
    assertThat(
            devon
                .postPath("/api/releases/" + key + "/cancel", "{\"reason\": \"by session\"}")
                .statusCode())
        .isEqualTo(401);
    assertThat(rest.getForEntity(path, String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(api.status(key)).containsEntry("outcome", "in progress");
  }

  /** Each expected beginning starts a line of the told ones, in this order (others may lie between). */
  private static void assertStartsInOrder(List<String> told, String... beginnings) {
    int next = 0;
    for (String beginning : beginnings) {
      while (next < told.size() && !told.get(next).startsWith(beginning)) {
        next++;
      }
      assertThat(next)
          .as("a line starting with \"%s\" after the ones before, in %s", beginning, told)
          .isLessThan(told.size());
      next++;
    }
  }

  /** kind|who|what, who "-" for the engine. */
  private static String told(Map<String, Object> entry) {
    return entry.get("kind")
        + "|"
        + (entry.get("who") == null ? "-" : entry.get("who"))
        + "|"
        + entry.get("what");
  }
}
