package io.releasedesk.resilience;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.ReleaseDeskNode;
import io.releasedesk.support.ReleaseDeskNodes;
import io.releasedesk.support.ReleaseWalker;
import io.releasedesk.support.ServiceRepositories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;

/**
 * Release Desk killed ({@code kill -9}) in the middle of each step that reaches the outside world, and started again:
 * while a deployment webhook has not answered, while a health check waits for its answer, and while the release tag
 * is being pushed. Each time the release goes on from its last save point (the transaction before the step): the step
 * in flight runs again, once its job lock has expired, and nothing before it is repeated.
 */
@ApplicationTest
class CrashDuringEachStepTest {

  static final String SERVICE = "ledger";

  @RegisterExtension static ReleaseDeskNodes nodes = new ReleaseDeskNodes();

  @RegisterExtension
  static WireMockExtension targets =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static GreenMailExtension mail =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  @TempDir static Path folder;

  @Test
  void aReleaseGoesOnFromItsLastSavePointAfterEachCrash() throws Exception {
    var repositories = new ServiceRepositories(folder, List.of(SERVICE));
    var outside = new OutsideWorld(targets, mail);
    outside.slowDeploymentTargets();
    outside.slowHealth("staging", OutsideWorld.DEPLOYMENT_DELAY);
    ReleaseDeskNode node = nodes.start("node", outside.nodeSettings("node", repositories));
    node.awaitReady();

    String release = ReleaseWalker.on(node).request(SERVICE, "1.1.0");
    ReleaseWalker.on(node).planAndConfirm(release);

    // 1. killed while staging's deployment webhook has not answered
    var deployment = outside.awaitDeploymentInFlight(0);
    Instant lockExpires = outside.lockExpiryOfDeployment(nodes, deployment);
    node.kill();
    node.restart().awaitReady();
    // the deployment is sent again, with its key, once the dead node's lock has expired
    var again = outside.awaitDeploymentRequest(1);
    assertThat(again.key()).isEqualTo(deployment.key());
    assertThat(again.at()).isAfterOrEqualTo(lockExpires);

    // 2. killed while staging's health check waits for its answer
    outside.awaitHealthCheck("staging", 0);
    node.kill();
    OutsideWorld.lockExpiryOfStep(nodes, "Task_VerifyHealth");
    node.restart().awaitReady();
    outside.awaitHealthCheck("staging", 1);

    // 3. killed while the release tag is pushed: the tag reached the repository, the step did not
    // commit
    Path pushing = folder.resolve("pushing");
    Path mirror = holdPushes(nodes.gitDataFolder("node"), pushing);
    ReleaseWalker.on(node).passQa(release);
    await().atMost(ReleaseWalker.PATIENCE).until(() -> Files.exists(pushing));
    pushTag(mirror, repositories.remote(SERVICE), "v1.1.0");
    node.kill();
    OutsideWorld.lockExpiryOfStep(nodes, "Task_TagRelease");
    String tagObject = repositories.tagObject(SERVICE, "v1.1.0");
    Files.delete(mirror.resolve("hooks/pre-push"));
    node.restart().awaitReady();

    // the release finishes
    var walker = ReleaseWalker.on(node);
    walker.holdRetrospective(release);
    Map<String, Object> status = walker.awaitOutcome(release, "released");

    // each step in flight ran again, nothing before it: two staging deployment requests with one
    // key (the first
    // killed), two health checks (the first killed), one production deployment and one tag, made
    // once
    List<OutsideWorld.DeploymentRequest> requests = outside.deploymentRequests();
    assertThat(requests)
        .extracting(OutsideWorld.DeploymentRequest::environment)
        .containsExactly("staging", "staging", "production");
    outside.assertEachDeploymentHasOneKey(List.of(release), List.of("staging", "production"));
    assertThat(outside.healthChecks("staging")).isEqualTo(2);
    assertThat(outside.healthChecks("production")).isEqualTo(1);
    assertThat(repositories.tags(SERVICE))
        .containsOnlyKeys("v1.0.0", "v1.1.0")
        .containsEntry("v1.1.0", repositories.head(SERVICE));
    assertThat(repositories.tagObject(SERVICE, "v1.1.0"))
        .as("the tag is never made anew")
        .isEqualTo(tagObject);

    // the engine's history shows each step done once
    String stagingDeployment = deployment.key().split(":")[0];
    assertThat(finished(node, stagingDeployment, "Task_Deploy")).isOne();
    assertThat(finished(node, stagingDeployment, "Task_VerifyHealth")).isOne();
    assertThat(finished(node, (String) status.get("processInstanceId"), "Task_TagRelease")).isOne();

    // and the people heard of each milestone once
    outside.assertNoNoticeMailedTwice();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> outside.assertMailed(List.of(release), "rita@example.com", "completed"));
  }

  /** How often the step finished in the process instance, as the engine's history tells. */
  static long finished(ReleaseDeskNode node, String processInstanceId, String activityId) {
    var count =
        node.api()
            .call(
                "admin",
                HttpMethod.GET,
                "/engine-rest/history/activity-instance/count?finished=true&processInstanceId="
                    + processInstanceId
                    + "&activityId="
                    + activityId,
                null)
            .getBody();
    return ((Number) count.get("count")).longValue();
  }

  /**
   * Makes the node's next push of the service's mirror wait, with a pre-push hook (JGit runs it, as git does): the
   * hook marks that the push began and sleeps, so the step is in flight for as long as the test needs.
   *
   * @return the mirror
   */
  static Path holdPushes(Path gitDataFolder, Path marker) throws IOException {
    Path mirror;
    try (var mirrors = Files.list(gitDataFolder)) {
      mirror =
          mirrors
              .filter(path -> path.getFileName().toString().startsWith(SERVICE + "-"))
              .filter(path -> path.getFileName().toString().endsWith(".git"))
              .findFirst()
              .orElseThrow();
    }
    Path hook = mirror.resolve("hooks/pre-push");
    Files.createDirectories(hook.getParent());
    Files.writeString(hook, "#!/bin/sh\ntouch '" + marker + "'\nsleep 30\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    return mirror;
  }

  /**
   * Pushes the tag the node made in its mirror to the service's repository, as the node was about to (without hooks):
   * the side effect is done, the step's transaction is not.
   */
  static void pushTag(Path mirror, Path remote, String tag) throws Exception {
    try (Git git = Git.open(mirror.toFile());
        Transport transport =
            Transport.open(git.getRepository(), new URIish(remote.toUri().toString()))) {
      var ref = "refs/tags/" + tag;
      var updates = transport.findRemoteRefUpdatesFor(List.of(new RefSpec(ref + ":" + ref)));
      transport.push(NullProgressMonitor.INSTANCE, updates);
    }
  }
}
