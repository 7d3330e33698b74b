package io.releasedesk.release;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_HOLD_RETROSPECTIVE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TAG;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION_REASON;
import static io.releasedesk.support.ApiClient.releaseRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
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
  ApiClient api;

  @BeforeEach
  void client() {
    api = new ApiClient(rest);
  }

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
    String key = "ledger@1.5.0";
    api.request(releaseRequest("ledger", "1.5.0", "Monthly statements"));
    String releaseId = api.releaseId(key);
    api.plan(key, "small");
    api.teamsReady(key);

    // the first candidate is the head of main, tagged, and goes to staging with its commit
    api.waitForTask(key, TASK_VERIFY_RELEASE_CANDIDATE);
    assertThat(api.variable(releaseId, CANDIDATE_COMMIT)).isEqualTo(CANDIDATE.name());
    assertThat(remoteTag("v1.5.0-rc.1").getObject()).isEqualTo(CANDIDATE);
    environments.verify(
        postRequestedFor(urlEqualTo("/deploy/staging"))
            .withRequestBody(matchingJsonPath("$.version", equalTo("1.5.0-rc.1")))
            .withRequestBody(matchingJsonPath("$.commit", equalTo(CANDIDATE.name()))));

    // a developer pushes a commit while QA verifies the candidate, and QA passes the candidate
    RevCommit later = commit("feat: yearly statements (LED-9)");
    push();
    api.qaPasses(key, "Statements reconcile");

    // production gets the candidate's commit, not the later head, and the release tag goes on it
    api.waitForTask(key, TASK_HOLD_RETROSPECTIVE);
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
    assertThat(api.variable(releaseId, RELEASE_TAG)).isEqualTo("v1.5.0");
    api.holdRetrospective(key, "Pinned candidate", "Nothing");
    api.awaitOutcome(key, "released");

    // the later commit is what the next release proposes
    String nextKey = "ledger@1.6.0";
    var nextRelease = releaseRequest("ledger", "1.6.0", "Yearly statements");
    nextRelease.put(TARGET_DATE.getName(), LocalDate.now().plusDays(14).toString());
    api.request(nextRelease);
    String next = api.releaseId(nextKey);
    api.waitForTask(nextKey, TASK_PLAN_RELEASE);
    assertThat((String) api.variable(next, VERSION_REASON))
        .startsWith("Last release 1.5.0 (tag `v1.5.0`); 1 commit since.")
        .contains("yearly statements")
        .doesNotContain("monthly statements");
  }
}
