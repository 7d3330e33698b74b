package io.releasedesk.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.notes.CommitNotes;
import io.releasedesk.versioning.ShippedCommits.Commit;
import io.releasedesk.versioning.ShippedCommits.Range;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commits a release ships and the notes written from them, read from real git repositories built here with JGit,
 * through a mirror under the data folder.
 */
class ShippedCommitsTest {

  static final String JIRA = "https://jira.example.com/browse/{id}";
  static final String GITHUB = "https://github.com/example/shop/issues/{id}";

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

  ServiceDefinition payments() {
    return ServiceDefinition.builder("payments", repo.folder().toString())
        .issueLink(JIRA)
        .owners("rita")
        .build();
  }

  ServiceDefinition inShop(String name) {
    return ServiceDefinition.builder(name, repo.folder().toString())
        .tagPattern("{service}-v{version}")
        .path("services/" + name)
        .issueLink(GITHUB)
        .owners("paula")
        .build();
  }

  static List<String> subjects(Range range) {
    return range.commits().stream().map(commit -> commit.conventional().subject()).toList();
  }

  @Test
  void theNotesGroupBreakingChangesFeaturesFixesAndTheRestWithShaAuthorAndIssueLinks()
      throws Exception {
    repo.commit("feat: first checkout");
    repo.tag("v2.3.0");
    RevCommit fix = repo.commit("fix: rounding of refunds (PAY-107)");
    repo.commitAs("Ann Author", "src/checkout.txt", "feat(checkout): one-page checkout (PAY-101)");
    repo.commit("Update README");
    RevCommit breaking =
        repo.commit(
            "feat(api)!: orders by id only\n\nBREAKING CHANGE: /orders?name= is gone, "
                + "ask PAY-110");
    repo.commit("docs: explain refunds");
    RevCommit shippedCommit = repo.commit("chore(build): faster tests");
    repo.commit("feat: lands after the candidate, ships next time");

    Range range = shipped.read(payments(), shippedCommit.name());

    assertThat(range.lastReleaseTag()).isEqualTo("v2.3.0");
    assertThat(range.sha()).isEqualTo(shippedCommit.name());
    assertThat(range.commits())
        .extracting(Commit::author)
        .contains("Ann Author", "Devon Developer");
    assertThat(CommitNotes.markdown(range, payments()))
        .isEqualTo(
            """
        ## Changes since `v2.3.0`

        6 commits up to `%s`.

        ### Breaking changes

        - **api:** orders by id only — /orders?name= is gone, ask [PAY-110](https://jira.example.com/browse/PAY-110) (`%s`, Devon Developer)

        ### Features

        - **checkout:** one-page checkout ([PAY-101](https://jira.example.com/browse/PAY-101)) (`%s`, Ann Author)

        ### Fixes

        - rounding of refunds ([PAY-107](https://jira.example.com/browse/PAY-107)) (`%s`, Devon Developer)

        ### Other

        - chore(build): faster tests (`%s`, Devon Developer)
        - docs: explain refunds (`%s`, Devon Developer)
        - Update README (`%s`, Devon Developer)
        """
                .formatted(
                    shippedCommit.abbreviate(7).name(),
                    breaking.abbreviate(7).name(),
                    range.commits().stream()
                        .filter(c -> c.author().equals("Ann Author"))
                        .findFirst()
                        .orElseThrow()
                        .shortSha(),
                    fix.abbreviate(7).name(),
                    shippedCommit.abbreviate(7).name(),
                    range.commits().get(1).shortSha(),
                    range.commits().get(3).shortSha()));
  }

  @Test
  void aMergeCommitIsNoEntryTheCommitsItBringsInAre() throws Exception {
    repo.commit("feat: first checkout");
    repo.tag("v1.0.0");
    repo.branch("refunds");
    repo.commit("src/refunds.txt", "feat: refunds");
    repo.commit("src/refunds.txt", "fix: refund rounding");
    repo.checkout("main");
    repo.commit("src/rounding.txt", "fix: rounding");
    RevCommit merge = repo.merge("refunds");

    Range range = shipped.read(payments(), merge.name());

    assertThat(subjects(range))
        .containsExactlyInAnyOrder("refunds", "refund rounding", "rounding")
        .doesNotContain("Merge branch 'refunds'");
    assertThat(CommitNotes.markdown(range, payments()))
        .contains("3 commits up to `" + merge.abbreviate(7).name())
        .doesNotContain("Merge branch");
  }

  @Test
  void aCommitRevertedWithinTheReleaseLeavesWithItsRevertAnEarlierReleasedOneIsRevertedInTheNotes()
      throws Exception {
    repo.commit("feat: first checkout");
    RevCommit released = repo.commit("src/banner.txt", "feat: holiday banner");
    repo.tag("v1.0.0");
    RevCommit experiment = repo.commit("src/experiment.txt", "feat: experimental pricing");
    repo.commit("fix: rounding");
    repo.revert(experiment);
    repo.revert(released);
    RevCommit head = repo.commit("docs: pricing");

    Range range = shipped.read(payments(), head.name());

    assertThat(subjects(range))
        .containsExactly("pricing", "Revert \"feat: holiday banner\"", "rounding");
    assertThat(range.reverted()).isEqualTo(2);
    assertThat(CommitNotes.markdown(range, payments()))
        .doesNotContain("experimental pricing")
        .contains(
            "3 commits up to",
            "Left out: 2 commits reverted within the release (each commit with its revert).",
            "- Revert \"feat: holiday banner\" (`");
  }

  @Test
  void aRevertedRevertBringsTheCommitBack() throws Exception {
    repo.commit("feat: first checkout");
    repo.tag("v1.0.0");
    RevCommit pricing = repo.commit("src/pricing.txt", "feat: new pricing");
    RevCommit revert = repo.revert(pricing);
    RevCommit again = repo.revert(revert);

    Range range = shipped.read(payments(), again.name());

    assertThat(subjects(range)).containsExactly("new pricing");
    assertThat(range.reverted()).isEqualTo(2);
  }

  @Test
  void inAMonorepoEachServiceGetsTheCommitsOfItsFolderSinceItsOwnTagWithGithubStyleLinks()
      throws Exception {
    repo.commit("services/search/index.txt", "feat(search): first index");
    repo.commit("services/inventory/stock.txt", "feat(inventory): first stock");
    repo.tag("search-v1.1.0");
    repo.commit("services/search/index.txt", "feat(search): synonyms (#17)");
    repo.tag("inventory-v7.2.0");
    repo.commit(
        "services/inventory/stock.txt", "fix(inventory): negative stock, see #12 and SHOP-3");
    RevCommit head = repo.commit("README.md", "docs: monorepo layout #99");

    Range search = shipped.read(inShop("search"), head.name());
    Range inventory = shipped.read(inShop("inventory"), head.name());

    assertThat(search.lastReleaseTag()).isEqualTo("search-v1.1.0");
    assertThat(subjects(search)).containsExactly("synonyms (#17)");
    assertThat(inventory.lastReleaseTag()).isEqualTo("inventory-v7.2.0");
    assertThat(subjects(inventory)).containsExactly("negative stock, see #12 and SHOP-3");
    assertThat(CommitNotes.markdown(search, inShop("search")))
        .contains("1 commit up to `" + head.abbreviate(7).name() + "` under `services/search`.")
        .contains("- **search:** synonyms ([#17](https://github.com/example/shop/issues/17))");
    assertThat(CommitNotes.markdown(inventory, inShop("inventory")))
        .contains(
            "- **inventory:** negative stock, see [#12](https://github.com/example/shop/issues/12) and "
                + "[SHOP-3](https://github.com/example/shop/issues/SHOP-3)")
        .doesNotContain("#99", "synonyms");
  }

  @Test
  void withoutAReleaseTagEveryCommitUpToTheShippedOneIsInTheNotes() throws Exception {
    repo.commit("Initial import");
    RevCommit head = repo.commit("Checkout [draft] *fast*");

    Range range = shipped.read(payments(), head.name());

    assertThat(range.lastReleaseTag()).isNull();
    assertThat(CommitNotes.markdown(range, payments()))
        .isEqualTo(
            """
        ## Changes

        No release tag yet: every commit up to `%s`.

        ### Other

        - Checkout \\[draft\\] \\*fast\\* (`%s`, Devon Developer)
        - Initial import (`%s`, Devon Developer)
        """
                .formatted(
                    head.abbreviate(7).name(),
                    head.abbreviate(7).name(),
                    range.commits().get(1).shortSha()));
  }

  @Test
  void aCommitTheRepositoryDoesNotHoldIsATechnicalFaultNotEmptyNotes() throws Exception {
    repo.commit("feat: first checkout");

    var missing =
        catchThrowableOfType(
            RepositoryUnavailableException.class,
            () -> shipped.read(payments(), "0123456789abcdef0123456789abcdef01234567"));

    assertThat(missing)
        .hasMessageContaining("holds no commit 0123456789abcdef0123456789abcdef01234567");
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class, () -> shipped.read(payments(), "main~1")))
        .hasMessageContaining("'main~1' is not a commit id");
  }
}
