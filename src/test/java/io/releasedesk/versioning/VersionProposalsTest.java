package io.releasedesk.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.versioning.ConventionalCommit.Bump;
import io.releasedesk.versioning.NextVersion.Change;
import io.releasedesk.versioning.NextVersion.Proposal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The next version read from real git repositories, built here with JGit, through a mirror under the data folder. */
class VersionProposalsTest {

  @TempDir Path temp;
  GitFixture repo;
  VersionProposals proposals;

  @BeforeEach
  void repository() throws Exception {
    repo = GitFixture.init(temp.resolve("payments"));
    proposals =
        new VersionProposals(
            new GitMirrors(
                new GitProperties(temp.resolve("data/git"), Duration.ofSeconds(5), Map.of())),
            new VersioningProperties("1.0.0"));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  ServiceDefinition service(String name, String repository, String tagPattern, String path) {
    return ServiceDefinition.builder(name, repository)
        .tagPattern(tagPattern)
        .path(path)
        .owners("rita")
        .build();
  }

  ServiceDefinition payments() {
    return service("payments", repo.folder().toString(), "v{version}", null);
  }

  static List<String> subjects(List<Change> changes) {
    return changes.stream().map(change -> change.commit().subject()).toList();
  }

  @Test
  void withoutATagTheInitialVersionIsProposedWithEveryCommit() throws Exception {
    repo.commit("feat: first checkout");
    repo.commit("fix: rounding");

    Proposal proposal = proposals.propose(payments());

    assertThat(proposal.proposed()).isEqualTo("1.0.0");
    assertThat(proposal.lastRelease()).isNull();
    assertThat(subjects(proposal.changes())).containsExactly("rounding", "first checkout");
  }

  @Test
  void featuresAndFixesSinceTheLastTagMakeAMinor() throws Exception {
    repo.commit("feat: first checkout");
    repo.tag("v1.2.0");
    repo.commit("fix: rounding");
    repo.commit("feat(api): refunds");
    repo.commit("Update README");

    Proposal proposal = proposals.propose(payments());

    assertThat(proposal.lastRelease()).isEqualTo("1.2.0");
    assertThat(proposal.proposed()).isEqualTo("1.3.0");
    assertThat(proposal.bump()).isEqualTo(Bump.MINOR);
    assertThat(proposal.deciding())
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.commit().subject()).isEqualTo("refunds");
              assertThat(change.shortSha()).hasSize(7);
            });
    assertThat(subjects(proposal.changes()))
        .containsExactly("Update README", "refunds", "rounding");
    assertThat(proposal.changes().get(0).commit().type()).as("not conventional").isNull();
  }

  @Test
  void aBreakingChangeFooterMakesAMajor() throws Exception {
    repo.commit("feat: first checkout");
    repo.lightweightTag("v1.2.0");
    repo.commit("feat: refunds");
    repo.commit("fix: dates\n\nBREAKING CHANGE: dates are ISO-8601 only");

    Proposal proposal = proposals.propose(payments());

    assertThat(proposal.proposed()).isEqualTo("2.0.0");
    assertThat(subjects(proposal.deciding())).containsExactly("dates");
  }

  @Test
  void onlyMessagesOfNoConventionMakeAPatch() throws Exception {
    repo.commit("Initial import");
    repo.tag("v0.9.0");
    repo.commit("Tidy up");
    repo.commit("WIP");

    assertThat(proposals.propose(payments()).proposed()).isEqualTo("0.9.1");
  }

  @Test
  void mergeCommitsAreLeftOutAndTheCommitsTheyBringCount() throws Exception {
    repo.commit("feat: first checkout");
    repo.tag("v1.0.0");
    repo.branch("refunds");
    repo.commit("src/refunds.txt", "feat: refunds");
    repo.checkout("main");
    repo.commit("src/rounding.txt", "fix: rounding");
    var merge = repo.merge("refunds");
    assertThat(merge.getParentCount()).as("a merge commit").isEqualTo(2);

    Proposal proposal = proposals.propose(payments());

    assertThat(proposal.proposed()).isEqualTo("1.1.0");
    assertThat(subjects(proposal.changes())).containsExactlyInAnyOrder("refunds", "rounding");
  }

  @Test
  void preReleaseTagsAreNoRelease() throws Exception {
    repo.commit("feat: first checkout");
    repo.tag("v1.0.0");
    repo.commit("feat!: new API");
    repo.tag("v2.0.0-rc.1");
    repo.commit("fix: from QA");

    Proposal proposal = proposals.propose(payments());

    assertThat(proposal.lastRelease()).isEqualTo("1.0.0");
    assertThat(proposal.proposed()).isEqualTo("2.0.0");
    assertThat(subjects(proposal.changes())).containsExactly("from QA", "new API");
  }

  @Test
  void theGreatestReleaseOnTheBranchCountsNotATagElsewhereOrOfAnotherPattern() throws Exception {
    repo.commit("feat: first checkout");
    repo.tag("v1.0.0");
    repo.tag("v0.9.0");
    repo.branch("experiment");
    repo.commit("feat: experiment");
    repo.tag("v5.0.0");
    repo.checkout("main");
    repo.commit("fix: rounding");
    repo.tag("release-1.0.1");
    repo.tag("vnext");

    Proposal proposal = proposals.propose(payments());

    assertThat(proposal.lastRelease()).isEqualTo("1.0.0");
    assertThat(proposal.proposed()).isEqualTo("1.0.1");
  }

  @Test
  void nothingSinceTheLastTagIsSaid() throws Exception {
    repo.commit("feat: first checkout");
    repo.tag("v1.0.0");

    Proposal proposal = proposals.propose(payments());

    assertThat(proposal.nothingChanged()).isTrue();
    assertThat(proposal.changes()).isEmpty();
  }

  @Test
  void inAMonorepoEachServiceCountsItsOwnFolderAndTags() throws Exception {
    repo.commit("services/search/index.txt", "feat(search): first index");
    repo.commit("services/inventory/stock.txt", "feat(inventory): first stock");
    repo.tag("search-v1.0.0");
    repo.tag("inventory-v2.0.0");
    repo.commit("services/search/index.txt", "feat(search): synonyms");
    repo.commit("services/inventory/stock.txt", "fix(inventory): negative stock");
    repo.commit("README.md", "docs: monorepo layout");
    String shop = repo.folder().toString();

    Proposal search =
        proposals.propose(service("search", shop, "{service}-v{version}", "services/search"));
    Proposal inventory =
        proposals.propose(service("inventory", shop, "{service}-v{version}", "services/inventory"));

    assertThat(search.lastRelease()).isEqualTo("1.0.0");
    assertThat(search.proposed()).isEqualTo("1.1.0");
    assertThat(subjects(search.changes())).containsExactly("synonyms");
    assertThat(inventory.lastRelease()).isEqualTo("2.0.0");
    assertThat(inventory.proposed()).isEqualTo("2.0.1");
    assertThat(subjects(inventory.changes())).containsExactly("negative stock");
  }

  @Test
  void aRemoteRepositoryIsMirroredAndFetchedAfreshEachTime() throws Exception {
    // given a bare repository, as on a git server, that a developer pushes to
    Path remote = temp.resolve("remote/payments.git");
    Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
    repo.git()
        .remoteAdd()
        .setName("origin")
        .setUri(new org.eclipse.jgit.transport.URIish(remote.toUri().toString()))
        .call();
    repo.commit("feat: first checkout");
    repo.tag("v1.0.0");
    repo.git().push().setRemote("origin").setPushAll().setPushTags().call();
    ServiceDefinition payments = service("payments", remote.toUri().toString(), "v{version}", null);
    assertThat(proposals.propose(payments).nothingChanged()).isTrue();

    // when a new commit reaches the remote
    repo.commit("feat: refunds");
    repo.git().push().setRemote("origin").setPushAll().call();

    // then the next proposal sees it, from the same mirror
    Proposal proposal = proposals.propose(payments);
    assertThat(proposal.proposed()).isEqualTo("1.1.0");
    try (var mirrors = Files.list(temp.resolve("data/git"))) {
      assertThat(mirrors.toList())
          .singleElement()
          .satisfies(
              mirror -> {
                assertThat(mirror.getFileName().toString()).matches("payments-[0-9a-f]{12}\\.git");
                assertThat(mirror.resolve("HEAD")).as("a bare mirror").isRegularFile();
              });
    }
  }

  @Test
  void anUnreachableRepositoryFailsAndLeavesNoHalfMirror() throws Exception {
    ServiceDefinition unreachable =
        service("payments", "https://127.0.0.1:9/shop/payments.git", "v{version}", null);
    ServiceDefinition missing =
        service("payments", temp.resolve("no-such-repository").toString(), "v{version}", null);

    var remote =
        catchThrowableOfType(
            RepositoryUnavailableException.class, () -> proposals.propose(unreachable));
    var local =
        catchThrowableOfType(
            RepositoryUnavailableException.class, () -> proposals.propose(missing));

    assertThat(remote)
        .hasMessageStartingWith(
            "Cannot fetch the repository https://127.0.0.1:9/shop/payments.git of service payments: ");
    assertThat(local)
        .hasMessageStartingWith(
            "Cannot fetch the repository " + temp.resolve("no-such-repository"));
    try (var left = Files.list(temp.resolve("data/git"))) {
      assertThat(left.toList()).isEmpty();
    }
  }

  @Test
  void aServiceOnABranchCountsThatBranch() throws Exception {
    repo.commit("feat: first checkout");
    repo.tag("v1.0.0");
    repo.branch("release-1.x");
    repo.commit("fix: backported");
    repo.checkout("main");
    repo.commit("feat!: new API");
    var onBranch =
        ServiceDefinition.builder("payments", repo.folder().toString())
            .branch("release-1.x")
            .owners("rita")
            .build();

    assertThat(proposals.propose(onBranch).proposed()).isEqualTo("1.0.1");
    assertThat(proposals.propose(payments()).proposed()).isEqualTo("2.0.0");
  }
}
