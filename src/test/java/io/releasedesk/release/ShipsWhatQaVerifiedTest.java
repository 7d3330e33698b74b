package io.releasedesk.release;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TAG;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION_REASON;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What QA verified is what ships: a whole release through the REST API, with webhooks to a local server, of a
 * service whose repository is a bare repository on disk that developers push to. A commit lands after the candidate
 * passed QA; production still gets the candidate's commit, the release tag goes on it, and the later commit waits for
 * the next release.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ShipsWhatQaVerifiedTest {

  static final PersonIdent DEVON = new PersonIdent("Devon Developer", "devon@example.com");

  /** The service's remote and a developer's clone, in a folder of this test (the catalog must exist at start-up). */
  static final Path FOLDER;

  static final Path REMOTE;
  static final Git WORK;
  static final RevCommit CANDIDATE;

  static {
    try {
      FOLDER = Files.createTempDirectory("ships-what-qa-verified");
      REMOTE = FOLDER.resolve("ledger.git");
      Git.init()
          .setBare(true)
          .setInitialBranch("main")
          .setDirectory(REMOTE.toFile())
          .call()
          .close();
      WORK =
          Git.init().setInitialBranch("main").setDirectory(FOLDER.resolve("work").toFile()).call();
      commit("feat: ledger");
      WORK.tag()
          .setName("v1.4.0")
          .setAnnotated(true)
          .setMessage("v1.4.0")
          .setTagger(DEVON)
          .setSigned(false)
          .call();
      CANDIDATE = commit("feat: monthly statements (LED-7)");
      push();
      Files.writeString(
          FOLDER.resolve("services.yaml"),
          """
          services:
            ledger:
              repository: %s
              tag-candidates: true
              owners: [rita, devon]
          """
              .formatted(REMOTE.toUri()));
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException("Cannot build the ledger repository", e);
    }
  }

  @RegisterExtension
  static WireMockExtension environments =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void ledgerAndWebhooks(DynamicPropertyRegistry registry) {
    registry.add(
        "releasedesk.catalog.file", () -> FOLDER.resolve("services.yaml").toUri().toString());
    registry.add("releasedesk.git.data-folder", () -> FOLDER.resolve("data/git").toString());
    for (String environment : List.of("staging", "production")) {
      String prefix = "releasedesk.deployment.environments." + environment + ".";
      registry.add(prefix + "target", () -> "webhook");
      registry.add(prefix + "webhook-url", () -> environments.baseUrl() + "/deploy/" + environment);
      registry.add(prefix + "health-url", () -> environments.baseUrl() + "/health/" + environment);
    }
  }

  @AfterAll
  static void removeRepositories() throws IOException {
    WORK.close();
    FileUtils.delete(
        FOLDER.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.IGNORE_ERRORS);
  }

  @Autowired TestRestTemplate rest;

  static RevCommit commit(String message) throws IOException, GitAPIException {
    Path file = WORK.getRepository().getWorkTree().toPath().resolve("src/ledger.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, message + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    WORK.add().addFilepattern("src/ledger.txt").call();
    return WORK.commit()
        .setMessage(message)
        .setAuthor(DEVON)
        .setCommitter(DEVON)
        .setSign(false)
        .call();
  }

  static void push() throws GitAPIException {
    WORK.push().setRemote(REMOTE.toUri().toString()).add("main").setPushTags().call();
  }

  /** The tag of the service's repository, or null. */
  static RevTag remoteTag(String name) throws IOException {
    try (Git git = Git.open(REMOTE.toFile());
        RevWalk walk = new RevWalk(git.getRepository())) {
      var ref = git.getRepository().exactRef("refs/tags/" + name);
      return ref == null ? null : walk.parseTag(ref.getObjectId());
    }
  }

  @Test
  void productionGetsTheCommitQaPassedAndItIsTaggedThereWhileALaterCommitWaitsForTheNextRelease()
      throws Exception {
    environments.stubFor(
        post(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        post(urlEqualTo("/deploy/production")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    environments.stubFor(
        get(urlEqualTo("/health/production")).willReturn(aResponse().withStatus(200)));

    // Rita requests a small internal release: the rules approve it
    var started =
        call(
            "rita",
            HttpMethod.POST,
            "/api/releases",
            Map.of(
                "service",
                "ledger",
                "version",
                "1.5.0",
                "targetDate",
                LocalDate.now().plusDays(7).toString(),
                "releaseType",
                "regular",
                "scopeSummary",
                "Monthly statements",
                "hasDatabaseMigrations",
                false,
                "customerFacing",
                false));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.CREATED);
    String releaseId = releaseId("ledger@1.5.0");
    work("rita", "Task_PlanRelease", Map.of("changeSize", "small"));
    work("devon", "Task_ConfirmDevelopmentReadiness", Map.of("developmentReadiness", "ready"));
    work("quinn", "Task_ConfirmQaReadiness", Map.of("qaReadiness", "ready"));
    work("otto", "Task_ConfirmOperationsReadiness", Map.of("operationsReadiness", "ready"));

    // the first candidate is the head of main, tagged, and goes to staging with its commit
    waitForTask("Task_VerifyReleaseCandidate");
    assertThat(variable(releaseId, CANDIDATE_COMMIT.getName())).isEqualTo(CANDIDATE.name());
    assertThat(remoteTag("v1.5.0-rc.1").getObject()).isEqualTo(CANDIDATE);
    environments.verify(
        postRequestedFor(urlEqualTo("/deploy/staging"))
            .withRequestBody(matchingJsonPath("$.version", equalTo("1.5.0-rc.1")))
            .withRequestBody(matchingJsonPath("$.commit", equalTo(CANDIDATE.name()))));

    // a developer pushes a commit while QA verifies the candidate, and QA passes the candidate
    RevCommit later = commit("feat: yearly statements (LED-9)");
    push();
    work(
        "quinn",
        "Task_VerifyReleaseCandidate",
        Map.of("qaResult", "pass", "defectsFound", 0, "testSummary", "Statements reconcile"));

    // production gets the candidate's commit, not the later head, and the release tag goes on it
    waitForTask("Task_HoldRetrospective");
    environments.verify(
        1,
        postRequestedFor(urlEqualTo("/deploy/production"))
            .withRequestBody(matchingJsonPath("$.version", equalTo("1.5.0")))
            .withRequestBody(matchingJsonPath("$.commit", equalTo(CANDIDATE.name()))));
    environments.verify(
        0,
        postRequestedFor(urlEqualTo("/deploy/production"))
            .withRequestBody(matchingJsonPath("$.commit", equalTo(later.name()))));
    RevTag releaseTag = remoteTag("v1.5.0");
    assertThat(releaseTag.getObject())
        .as("the release tag names the commit QA passed")
        .isEqualTo(CANDIDATE);
    assertThat(releaseTag.getFullMessage()).isEqualTo("ledger 1.5.0\n\nMonthly statements\n");
    assertThat(variable(releaseId, RELEASE_TAG.getName())).isEqualTo("v1.5.0");
    work(
        "rita",
        "Task_HoldRetrospective",
        Map.of("wentWell", "Pinned candidate", "wentBadly", "Nothing"));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        call("rita", HttpMethod.GET, "/api/releases/ledger@1.5.0", null).getBody())
                    .containsEntry("outcome", "released"));

    // the later commit is what the next release proposes
    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases",
                    Map.of(
                        "service",
                        "ledger",
                        "version",
                        "1.6.0",
                        "targetDate",
                        LocalDate.now().plusDays(14).toString(),
                        "releaseType",
                        "regular",
                        "scopeSummary",
                        "Yearly statements",
                        "hasDatabaseMigrations",
                        false,
                        "customerFacing",
                        false))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    String next = releaseId("ledger@1.6.0");
    waitForTask("Task_PlanRelease");
    assertThat(variable(next, VERSION_REASON.getName()))
        .startsWith("Last release 1.5.0 (tag `v1.5.0`); 1 commit since.")
        .contains("yearly statements")
        .doesNotContain("monthly statements");
  }

  String releaseId(String key) {
    var releases =
        new ApiClient(rest)
            .list("admin", "/engine-rest/process-instance?maxResults=10&businessKey=" + key);
    assertThat(releases).hasSize(1);
    return (String) releases.get(0).get("id");
  }

  String variable(String processInstanceId, String name) {
    var answer =
        call(
            "admin",
            HttpMethod.GET,
            "/engine-rest/process-instance/" + processInstanceId + "/variables/" + name,
            null);
    assertThat(answer.getStatusCode())
        .as("%s: %s", name, answer.getBody())
        .isEqualTo(HttpStatus.OK);
    return (String) answer.getBody().get("value");
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
    var submitted =
        call(
            user,
            HttpMethod.POST,
            "/engine-rest/task/" + taskId + "/submit-form",
            Map.of("variables", variables(values)));
    assertThat(submitted.getStatusCode())
        .as("%s completes %s: %s", user, taskKey, submitted.getBody())
        .isIn(HttpStatus.OK, HttpStatus.NO_CONTENT);
  }

  /** Waits until the job executor has moved the release on to an open task of this kind (a step may retry once). */
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
