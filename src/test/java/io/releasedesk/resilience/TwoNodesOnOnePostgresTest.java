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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Release Desk nodes share one PostgreSQL and its job executor's work. Releases are requested and walked through
 * both; one node is killed ({@code kill -9}) while a deployment webhook it called has not answered yet. Every release
 * still finishes, through the other node: it takes over the dead node's locked jobs once their lock expires, and the
 * outside world sees each deployment with one idempotency key, each release tagged once and each notice mailed once.
 */
@ApplicationTest
class TwoNodesOnOnePostgresTest {

  static final List<String> SERVICES = List.of("ledger", "billing", "invoicing", "statements");

  @RegisterExtension static ReleaseDeskNodes nodes = new ReleaseDeskNodes();

  /** The deployment targets (slow to accept, so a deployment is in flight) and the services' health endpoints. */
  @RegisterExtension
  static WireMockExtension targets =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static GreenMailExtension mail =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  @TempDir static Path folder;

  @Test
  void everyReleaseFinishesOnceWhenANodeDiesWithADeploymentInFlight() throws Exception {
    var repositories = new ServiceRepositories(folder, SERVICES);
    var outside = new OutsideWorld(targets, mail);
    outside.slowDeploymentTargets();

    // both nodes start at the same moment on the fresh database: schema, people, permissions, task
    // lists and models are set up once, and both come up
    ReleaseDeskNode a = nodes.start("a", outside.nodeSettings("a", repositories));
    ReleaseDeskNode b = nodes.start("b", outside.nodeSettings("b", repositories));
    a.awaitReady();
    b.awaitReady();

    // releases are requested and walked through both nodes, alternately
    List<ReleaseDeskNode> through = List.of(a, b);
    List<String> releases =
        IntStream.range(0, SERVICES.size())
            .mapToObj(i -> ReleaseWalker.on(through.get(i % 2)).request(SERVICES.get(i), "1.1.0"))
            .toList();
    for (int i = 0; i < releases.size(); i++) {
      ReleaseWalker.on(through.get(i % 2)).planAndConfirm(releases.get(i));
    }

    // the candidates go to staging; the node that sent a deployment request not answered yet (the
    // last release's, if not an earlier one) is killed while it waits for the answer
    var inFlight = outside.awaitDeploymentInFlight(0);
    ReleaseDeskNode victim = inFlight.node().equals("a") ? a : b;
    ReleaseDeskNode survivor = victim == a ? b : a;
    Instant lockExpires = outside.lockExpiryOfDeployment(nodes, inFlight);
    victim.kill();
    Instant killed = Instant.now();

    // the survivor does the rest, the dead node's deployment included
    var walker = ReleaseWalker.on(survivor);
    releases.forEach(walker::passQa);
    releases.forEach(walker::holdRetrospective);
    for (String release : releases) {
      assertThat(walker.awaitOutcome(release, "released"))
          .as("%s ends as released", release)
          .containsEntry("state", "COMPLETED");
    }

    // the survivor sent the dead node's deployment again, with its key, once the lock had expired
    var takenOver =
        outside.deploymentRequests().stream()
            .filter(request -> request.key().equals(inFlight.key()))
            .filter(request -> request.node().equals(survivor == a ? "a" : "b"))
            .toList();
    assertThat(takenOver).as("the survivor deploys what the dead node had in hand").isNotEmpty();
    assertThat(takenOver.get(0).at()).isAfterOrEqualTo(lockExpires);
    System.out.printf(
        "%s took over %s %s after the kill, %s after its lock expired%n",
        survivor.name(),
        inFlight.key(),
        Duration.between(killed, takenOver.get(0).at()),
        Duration.between(lockExpires, takenOver.get(0).at()));

    outside.assertEachDeploymentHasOneKey(releases, List.of("staging", "production"));
    for (String service : SERVICES) {
      assertThat(repositories.tags(service))
          .as("%s is tagged once, on the commit QA passed", service)
          .containsOnlyKeys("v1.0.0", "v1.1.0")
          .containsEntry("v1.1.0", repositories.head(service));
    }
    outside.assertNoNoticeMailedTwice();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> outside.assertMailed(releases, "rita@example.com", "completed"));
  }
}
