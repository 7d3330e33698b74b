package io.releasedesk.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasedesk.catalog.ServiceDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed while it fetched a service's repository leaves a ref's lock file in its mirror. The next fetch must
 * not keep the old branch head silently: a fresh lock fails the fetch (the step is retried), a stale one is removed.
 */
class StaleMirrorLocksTest {

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path temp;
  GitFixture repo;
  GitMirrors mirrors;
  ServiceDefinition payments;

  @BeforeEach
  void repository() throws Exception {
    repo = GitFixture.init(temp.resolve("payments"));
    repo.commit("feat: first checkout");
    mirrors = new GitMirrors(new GitProperties(temp.resolve("data/git"), TIMEOUT, Map.of()));
    payments =
        new ServiceDefinition(
            "payments",
            repo.folder().toString(),
            "v{version}",
            null,
            null,
            null,
            List.of("rita"),
            false,
            true,
            List.of(),
            null);
    mirrors.fetch(payments).close();
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void aLockLeftByAKilledFetchIsRemovedAndTheMirrorGetsTheNewHead() throws Exception {
    RevCommit head = repo.commit("feat: refunds");
    Path lock = lockOfMain();
    Files.writeString(lock, "");
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(TIMEOUT.multipliedBy(3))));

    try (Repository mirror = mirrors.fetch(payments)) {
      assertThat(mirror.resolve("refs/heads/main")).isEqualTo(head);
    }
    assertThat(lock).doesNotExist();
  }

  @Test
  void aFreshLockFailsTheFetchNamingTheRefInsteadOfKeepingTheOldHead() throws Exception {
    repo.commit("feat: refunds");
    Path lock = lockOfMain();
    Files.writeString(lock, "");

    assertThatThrownBy(() -> mirrors.fetch(payments))
        .isInstanceOf(RepositoryUnavailableException.class)
        .hasMessageContaining("Cannot update refs/heads/main in the mirror")
        .hasMessageContaining("of service payments: LOCK_FAILURE");
    assertThat(lock).exists();
  }

  private Path lockOfMain() throws Exception {
    try (var folders = Files.list(temp.resolve("data/git"))) {
      Path mirror =
          folders.filter(folder -> folder.toString().endsWith(".git")).findFirst().orElseThrow();
      return mirror.resolve("refs/heads/main.lock");
    }
  }
}
