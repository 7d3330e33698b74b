package io.releasedesk.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.catalog.ServiceDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a release's lead time starts: the commit time of the oldest commit it ships, read from git. */
class FirstShippedCommitTest {

  @TempDir Path temp;
  GitFixture repo;
  ShippedChanges shipped;

  @BeforeEach
  void repository() throws Exception {
    repo = GitFixture.init(temp.resolve("payments"));
    shipped =
        new ShippedChanges(
            new GitMirrors(
                new GitProperties(temp.resolve("data/git"), Duration.ofSeconds(5), Map.of())));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void theOldestShippedCommitAfterTheLastReleaseTagStartsTheLeadTime() throws Exception {
    repo.commit("feat: first checkout");
    repo.tag("v2.3.0");
    RevCommit first = repo.commit("fix: rounding of refunds");
    RevCommit head = repo.commit("feat: one-page checkout");

    var range = shipped.read(payments(), head.name());

    assertThat(range.firstCommitAt()).isEqualTo(Instant.ofEpochSecond(first.getCommitTime()));
  }

  @Test
  void aReleaseThatShipsNoCommitHasNoFirstCommit() throws Exception {
    RevCommit tagged = repo.commit("feat: first checkout");
    repo.tag("v2.3.0");

    assertThat(shipped.read(payments(), tagged.name()).firstCommitAt()).isNull();
  }

  private ServiceDefinition payments() {
    return ServiceDefinition.builder("payments", repo.folder().toString()).owners("rita").build();
  }
}
