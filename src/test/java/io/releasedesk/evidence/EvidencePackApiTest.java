package io.releasedesk.evidence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_DEPLOY_MANUALLY;
import static io.releasedesk.deployment.DeploymentProcess.Elements.TASK_REVIEW_FAILED_DEPLOYMENT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.FAILURE_REVIEW_NOTES;
import static io.releasedesk.deployment.DeploymentProcess.Variables.MANUAL_DEPLOYMENT_RESULT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.ROLLBACK_CONFIRMED;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_HOLD_RETROSPECTIVE;
import static io.releasedesk.release.ReleaseProcess.Variables.ACTION_ITEMS;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPLOYMENT_FAILURE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_BADLY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_WELL;
import static io.releasedesk.support.ApiClient.releaseRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A release's evidence pack: frozen when the release ends, with what happened to it (who requested it, the risk rule,
 * QA's verdict, the approvals and a refused self-approval, deployments, notes, the retrospective and its action
 * items, the classification), unchanged when its history or the models change afterwards; refused while the release
 * runs; and readable by the people who may read the release's timeline. Doors: Release Desk's API (the pack), the
 * engine REST API (the work that makes the release), the engine's Java API (the later changes).
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class EvidencePackApiTest {

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
  @Autowired HistoryService history;
  @Autowired RepositoryService repository;

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
  void aFinishedReleasesPackHoldsItsFactsAndStaysAsFrozen() throws Exception {
    String key = "checkout@5.2.0";
    api.request(releaseRequest("checkout", "5.2.0", "Saved carts"));
    api.plan(key, "large");
    api.teamsReady(key);
    api.qaPasses(key, "Cart journeys pass");
    // rita requested the release: her approval is refused; paula approves
    String approval = api.waitForTask(key, TASK_APPROVE_AS_RELEASE_MANAGER);
    assertThat(api.submit("rita", approval, Map.of(DECISION.getName(), "approve")).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    api.approve(key, "paula", "Go");
    api.work(
        key, "otto", TASK_DEPLOY_MANUALLY, Map.of(MANUAL_DEPLOYMENT_RESULT.getName(), "succeeded"));
    String due = LocalDate.now().plusDays(14).toString();
    api.work(
        key,
        "rita",
        TASK_HOLD_RETROSPECTIVE,
        Map.of(
            WENT_WELL.getName(),
            "Fast QA",
            WENT_BADLY.getName(),
            "Late sign-off",
            ACTION_ITEMS.getName(),
            "Automate the smoke test; devon; " + due));
    String notes = api.text("rita", "/api/releases/" + key + "/notes").getBody();

    ResponseEntity<String> frozen = awaitPack("mona", key);
    assertThat(
            frozen
                .getHeaders()
                .getContentType()
                .isCompatibleWith(MediaType.valueOf("text/markdown")))
        .as("%s", frozen.getHeaders().getContentType())
        .isTrue();
    assertThat(frozen.getHeaders().getContentDisposition().getFilename())
        .isEqualTo(key + "-evidence.md");
    String pack = frozen.getBody();
    assertThat(pack)
        .startsWith("# Evidence pack: " + key + "\n")
        .contains("when the release ended (released)")
        .contains("| requestedBy | rita |")
        .contains("| releaseClassification | successful |")
        .containsPattern(
            "\\| rita \\| Requested checkout 5\\.2\\.0 \\(regular, target date [0-9-]+\\): Saved"
                + " carts \\|")
        .containsPattern(
            "Risk medium, approval by a release manager[^|]*\\(rule \\d+ of risk-assessment"
                + " version \\d+\\)")
        .contains("QA passed 5.2.0-rc.1 (0 defects found): Cart journeys pass")
        .contains("| rita | Refused (attempt by rita): Four-eyes rule: rita requested " + key)
        .containsPattern("\\| [0-9-]+ [0-9:]+ UTC \\| paula \\| approve \\| Go \\|")
        .contains("Staging: the deployment webhook accepted 5.2.0-rc.1")
        .containsPattern(
            "\\| [0-9-]+ [0-9:]+ UTC \\| otto \\| Production: 5\\.2\\.0 deployed by hand \\|")
        .contains("Production healthy")
        .contains("Retrospective held; went well: Fast QA; went badly: Late sign-off")
        .contains("| Automate the smoke test | devon | " + due + " | open |  |")
        .contains("| Release Desk | Released |");
    String notesLine =
        notes.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).findFirst().get();
    assertThat(pack).contains("## Release notes").contains(notesLine);

    // carol (CAB, no task in this release) may not read it; devon reads it as he reads its timeline
    assertThat(api.text("carol", "/api/releases/" + key + "/evidence").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertSameAsTimeline("devon", key);

    // the history changes afterwards, and the models are deployed anew: the pack stays as frozen
    String releaseId =
        history
            .createHistoricProcessInstanceQuery()
            .processDefinitionKey(ReleaseProcess.KEY)
            .processInstanceBusinessKey(key)
            .singleResult()
            .getId();
    history
        .createHistoricVariableInstanceQuery()
        .processInstanceId(releaseId)
        .variableNameIn(WENT_WELL.getName(), TEST_SUMMARY.getName())
        .list()
        .forEach(variable -> history.deleteHistoricVariableInstance(variable.getId()));
    assertThat(api.text("rita", "/api/releases/" + key + "/timeline").getBody())
        .as("the timeline is told from the history as it is now")
        .doesNotContain("Fast QA")
        .doesNotContain("Cart journeys pass");
    String redeployed =
        repository
            .createDeployment()
            .name("models changed after the release")
            .addString(
                "risk-assessment.dmn",
                Files.readString(Path.of("processes/risk-assessment.dmn"), StandardCharsets.UTF_8))
            .addString(
                "release.bpmn",
                Files.readString(Path.of("processes/release.bpmn"), StandardCharsets.UTF_8)
                    .replace("name=\"Release\"", "name=\"Release, changed\""))
            .deploy()
            .getId();
    try {
      assertThat(
              repository
                  .createProcessDefinitionQuery()
                  .processDefinitionKey(ReleaseProcess.KEY)
                  .latestVersion()
                  .singleResult()
                  .getDeploymentId())
          .isEqualTo(redeployed);
      assertThat(api.text("mona", "/api/releases/" + key + "/evidence").getBody()).isEqualTo(pack);
    } finally {
      repository.deleteDeployment(redeployed);
    }
  }

  @Test
  void aRolledBackReleasesPackTellsTheFailedDeploymentAndTheClassificationOfItsLastStep() {
    String key = "inventory@7.3.0";
    api.request(releaseRequest("inventory", "7.3.0", "Stock by warehouse"));
    api.plan(key, "large");
    api.teamsReady(key);
    api.qaPasses(key, "Stock journeys pass");
    api.approve(key, "paula", "Go");
    api.work(
        key,
        "otto",
        TASK_DEPLOY_MANUALLY,
        Map.of(
            MANUAL_DEPLOYMENT_RESULT.getName(),
            "failed",
            DEPLOYMENT_FAILURE.getName(),
            "Migration timed out"));
    // the review ends the release: its classification is recorded in that very transaction
    api.work(
        key,
        "otto",
        TASK_REVIEW_FAILED_DEPLOYMENT,
        Map.of(
            ROLLBACK_CONFIRMED.getName(),
            true,
            FAILURE_REVIEW_NOTES.getName(),
            "Schema change too slow"));

    String pack = awaitPack("rita", key).getBody();
    assertThat(pack)
        .contains("when the release ended (rolled back)")
        .contains("| releaseClassification | failed |")
        .contains("| otto | Production: deploying 7.3.0 by hand failed |")
        .contains("Production: failed deployment reviewed: Migration timed out")
        .contains("| Release Desk | Ended rolled back |");
  }

  @Test
  void aRunningReleaseHasNoPackUntilItEndsAndOnlyItsReadersReadIt() {
    String key = "search@2.3.0";
    String path = "/api/releases/" + key + "/evidence";
    api.request(releaseRequest("search", "2.3.0", "Typo tolerance"));
    api.plan(key, "small");
    api.waitForTask(key, TASK_CONFIRM_DEVELOPMENT_READINESS);

    var running = api.call("rita", HttpMethod.GET, path, null);
    assertThat(running.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat((String) running.getBody().get("detail"))
        .isEqualTo(
            "Release search@2.3.0 is still running: its evidence pack is frozen when it ends"
                + " (completed, rolled back or cancelled); until then its timeline tells what happened"
                + " so far");
    var unknown = api.call("rita", HttpMethod.GET, "/api/releases/search@9.9.9/evidence", null);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getBody().get("detail"))
        .isEqualTo("No release search@9.9.9 that you may read");
    assertThat(api.call("carol", HttpMethod.GET, path, null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api.call("devon", HttpMethod.GET, path, null).getStatusCode())
        .as("devon has a task in the release: he reads its timeline, and is told it still runs")
        .isEqualTo(HttpStatus.CONFLICT);
    assertThat(rest.getForEntity(path, String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);

    // cancelled, it ends with a pack that says why
    assertThat(api.cancel(key, "Superseded by 2.4.0").getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    String pack = awaitPack("mona", key).getBody();
    assertThat(pack)
        .contains("when the release ended (cancelled)")
        .contains("| rita | Cancelled: Superseded by 2.4.0 |")
        .contains("None: the release ended before its notes were drafted.")
        .contains("No approval round.");
    assertSameAsTimeline("devon", key);
    assertThat(api.text("carol", path).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(rest.getForEntity(path, String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  /** The person reads the release's pack exactly when they read its timeline. */
  private void assertSameAsTimeline(String user, String key) {
    HttpStatus timeline =
        HttpStatus.valueOf(
            api.text(user, "/api/releases/" + key + "/timeline").getStatusCode().value());
    assertThat(api.text(user, "/api/releases/" + key + "/evidence").getStatusCode())
        .as("%s reads the timeline of %s: %s", user, key, timeline)
        .isEqualTo(timeline);
  }

  /** The pack, once the transaction that ends the release has committed. */
  private ResponseEntity<String> awaitPack(String user, String key) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> api.text(user, "/api/releases/" + key + "/evidence"),
            answer -> answer.getStatusCode() == HttpStatus.OK);
  }
}
