package io.releasedesk.timeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import org.springframework.http.ResponseEntity;
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
  @LocalServerPort int port;

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
    request("checkout", "3.1.0", "One-page checkout");
    work(key, "rita", "Task_PlanRelease", Map.of("changeSize", "large"));
    teamsReady(key);
    work(
        key,
        "quinn",
        "Task_VerifyReleaseCandidate",
        Map.of("qaResult", "pass", "defectsFound", 0, "testSummary", "Checkout journeys pass"));

    // Rita may not approve her own release; Paula rejects it, and it is planned, built and verified
    // again
    String approval = waitForTask(key, "Task_ApproveAsReleaseManager");
    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/engine-rest/task/" + approval + "/submit-form",
                    Map.of("variables", variables(Map.of("decision", "approve"))))
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    work(
        key,
        "paula",
        "Task_ApproveAsReleaseManager",
        Map.of("decision", "reject", "comment", "The rollback plan is missing"));
    work(key, "rita", "Task_PlanRelease", Map.of("changeSize", "large"));
    teamsReady(key);
    work(
        key,
        "quinn",
        "Task_VerifyReleaseCandidate",
        Map.of("qaResult", "pass", "defectsFound", 1, "testSummary", "Rollback rehearsed"));
    work(
        key,
        "paula",
        "Task_ApproveAsReleaseManager",
        Map.of("decision", "approve", "comment", "Go"));

    // production by hand, then the retrospective
    work(key, "otto", "Task_DeployManually", Map.of("manualDeploymentResult", "succeeded"));
    work(
        key,
        "rita",
        "Task_HoldRetrospective",
        Map.of("wentWell", "Fast QA", "wentBadly", "Late sign-off"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "released"
                    .equals(
                        call("rita", HttpMethod.GET, "/api/releases/" + key, null)
                            .getBody()
                            .get("outcome")));

    var answer = call("mona", HttpMethod.GET, "/api/releases/" + key + "/timeline", null);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(answer.getBody()).containsEntry("releaseKey", key);
    List<Map<String, Object>> entries = (List<Map<String, Object>>) answer.getBody().get("entries");
    List<String> told = entries.stream().map(ReleaseTimelineApiTest::told).toList();

    assertStartsInOrder(
        told,
        "requested|rita|Requested checkout 3.1.0 (regular, target date "
            + targetDate()
            + "): One-page checkout",
        "proposed|-|The repository proposed version",
        "planned|rita|Planned version 3.1.0 for " + targetDate() + ", a large change",
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
    request("payments", "2.4.0", "New checkout flow");
    work(key, "rita", "Task_PlanRelease", Map.of("changeSize", "large"));
    teamsReady(key);
    work(
        key,
        "quinn",
        "Task_VerifyReleaseCandidate",
        Map.of("qaResult", "pass", "defectsFound", 0, "testSummary", "Green"));
    work(
        key,
        "paula",
        "Task_ApproveAsReleaseManager",
        Map.of("decision", "reject", "comment", "Not this week"));

    var rejected = call("rita", HttpMethod.GET, "/api/releases/" + key, null).getBody();
    assertThat((Map<String, Object>) rejected.get("approval"))
        .containsEntry("round", 1)
        .containsEntry("decision", "reject")
        .containsEntry("rejectedBy", "paula")
        .containsEntry("rejectionReason", "Not this week");
    assertThat((Map<String, Object>) rejected.get("facts"))
        .containsEntry("approvalDecision", "reject")
        .containsEntry("rejectionReason", "Not this week");

    work(key, "rita", "Task_PlanRelease", Map.of("changeSize", "large"));
    teamsReady(key);
    work(
        key,
        "quinn",
        "Task_VerifyReleaseCandidate",
        Map.of("qaResult", "pass", "defectsFound", 0, "testSummary", "Green"));
    waitForTask(key, "Task_ApproveAsReleaseManager");
    var open = call("rita", HttpMethod.GET, "/api/releases/" + key, null).getBody();
    assertThat((Map<String, Object>) open.get("approval"))
        .containsEntry("round", 2)
        .containsEntry("decision", null)
        .containsEntry("rejectedBy", null)
        .containsEntry("rejectionReason", null);
    assertThat((Map<String, Object>) open.get("facts"))
        .doesNotContainKeys("approvalDecision", "rejectionReason");

    work(
        key,
        "paula",
        "Task_ApproveAsReleaseManager",
        Map.of("decision", "approve", "comment", "Go"));
    var approved = call("rita", HttpMethod.GET, "/api/releases/" + key, null).getBody();
    Map<String, Object> current = (Map<String, Object>) approved.get("approval");
    assertThat(current)
        .containsEntry("round", 2)
        .containsEntry("decision", "approve")
        .containsEntry("approvedBy", List.of("paula"))
        .containsEntry("rejectedBy", null)
        .containsEntry("rejectionReason", null);
    assertThat((Map<String, Object>) approved.get("facts"))
        .containsEntry("approvalDecision", "approve")
        .containsEntry("approvedBy", "paula")
        .doesNotContainKey("rejectionReason");
    List<Map<String, Object>> rounds = (List<Map<String, Object>>) approved.get("rounds");
    assertThat(rounds)
        .extracting(round -> round.get("decision"))
        .containsExactly("reject", "approve");
    assertThat(rounds.get(0))
        .containsEntry("rejectedBy", "paula")
        .containsEntry("rejectionReason", "Not this week");
    List<Map<String, Object>> decisions =
        (List<Map<String, Object>>) rounds.get(0).get("decisions");
    assertThat(decisions)
        .singleElement()
        .satisfies(
            decision ->
                assertThat(decision)
                    .containsEntry("by", "paula")
                    .containsEntry("decision", "reject")
                    .containsEntry("comment", "Not this week"));
    assertThat((List<Map<String, Object>>) current.get("decisions"))
        .singleElement()
        .satisfies(
            decision ->
                assertThat(decision).containsEntry("by", "paula").containsEntry("comment", "Go"));
  }

  @Test
  void onlyPeopleWhoMayReadTheReleaseGetItsTimelineWithCredentialsOrTheWebappSession()
      throws Exception {
    String key = "search@1.2.0";
    request("search", "1.2.0", "Faster search");
    work(key, "rita", "Task_PlanRelease", Map.of("changeSize", "small"));
    waitForTask(key, "Task_ConfirmDevelopmentReadiness");
    String path = "/api/releases/" + key + "/timeline";

    // release managers and viewers read every release; participants the ones they have a task in
    for (String reader : List.of("rita", "mona", "devon", "admin")) {
      assertThat(call(reader, HttpMethod.GET, path, null).getStatusCode())
          .as(reader)
          .isEqualTo(HttpStatus.OK);
    }
    var carol = call("carol", HttpMethod.GET, path, null);
    assertThat(carol.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(carol.getBody().get("detail"))
        .isEqualTo("No release search@1.2.0 that you may read");
    var unknown = call("rita", HttpMethod.GET, "/api/releases/search@9.9.9/timeline", null);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getBody().get("detail"))
        .isEqualTo("No release search@9.9.9 that you may read");
    List<Map<String, Object>> entries =
        (List<Map<String, Object>>)
            call("devon", HttpMethod.GET, path, null).getBody().get("entries");
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
    assertThat(call("rita", HttpMethod.GET, "/api/releases/" + key, null).getBody())
        .containsEntry("outcome", "in progress");
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

  private static String targetDate() {
    return LocalDate.now().plusDays(7).toString();
  }

  private void request(String service, String version, String scope) {
    var started =
        call(
            "rita",
            HttpMethod.POST,
            "/api/releases",
            Map.of(
                "service",
                service,
                "version",
                version,
                "targetDate",
                targetDate(),
                "releaseType",
                "regular",
                "scopeSummary",
                scope,
                "hasDatabaseMigrations",
                false,
                "customerFacing",
                false));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.CREATED);
  }

  private void teamsReady(String key) {
    work(key, "devon", "Task_ConfirmDevelopmentReadiness", Map.of("developmentReadiness", "ready"));
    work(key, "quinn", "Task_ConfirmQaReadiness", Map.of("qaReadiness", "ready"));
    work(key, "otto", "Task_ConfirmOperationsReadiness", Map.of("operationsReadiness", "ready"));
  }

  /** The person claims the release's open task of this kind and submits its form. */
  private void work(String key, String user, String taskKey, Map<String, Object> values) {
    String taskId = waitForTask(key, taskKey);
    assertThat(
            call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/claim",
                    Map.of("userId", user))
                .getStatusCode())
        .as("%s claims %s", user, taskKey)
        .isEqualTo(HttpStatus.NO_CONTENT);
    var completed =
        call(
            user,
            HttpMethod.POST,
            "/engine-rest/task/" + taskId + "/submit-form",
            Map.of("variables", variables(values)));
    assertThat(completed.getStatusCode())
        .as("%s completes %s: %s", user, taskKey, completed.getBody())
        .isIn(HttpStatus.OK, HttpStatus.NO_CONTENT);
  }

  /** Waits until the job executor has moved the release on to an open task of this kind. */
  private String waitForTask(String key, String taskKey) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var tasks =
                  new ApiClient(rest)
                      .list(
                          "admin",
                          "/engine-rest/task?maxResults=10&taskDefinitionKey="
                              + taskKey
                              + "&processInstanceBusinessKey="
                              + key);
              return tasks == null || tasks.isEmpty() ? null : (String) tasks.get(0).get("id");
            },
            id -> id != null);
  }

  private ResponseEntity<Map<String, Object>> call(
      String user, HttpMethod method, String path, Object body) {
    return new ApiClient(rest).call(user, method, path, body);
  }
}
