package io.releasedesk.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.releasedesk.catalog.ServiceDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Release candidates pinned to commits of real git repositories, built here with JGit. */
class CandidatesTest {

  @TempDir Path temp;
  GitFixture repo;
  Candidates candidates;

  @BeforeEach
  void repository() throws Exception {
    repo = GitFixture.init(temp.resolve("payments"));
    var mirrors =
        new GitMirrors(
            new GitProperties(temp.resolve("data/git"), Duration.ofSeconds(5), Map.of()));
    candidates = new Candidates(mirrors, new ReleaseTags(mirrors));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  ServiceDefinition payments(String branch) {
    return ServiceDefinition.builder("payments", repo.folder().toString())
        .branch(branch)
        .owners("rita")
        .build();
  }

  @Test
  void aCandidateIsTheHeadOfTheDefaultBranchWhenItIsCut() throws Exception {
    repo.commit("feat: first checkout");
    RevCommit head = repo.commit("fix: rounding");
    repo.branch("experiment");
    repo.commit("feat: not for this release");
    repo.checkout("main");

    assertThat(candidates.pin(payments(null))).isEqualTo(head.name()).hasSize(40);

    RevCommit later = repo.commit("fix: a commit after the first candidate");
    assertThat(candidates.pin(payments(null)))
        .as("the next candidate, fetched afresh")
        .isEqualTo(later.name());
  }

  @Test
  void aServiceWithABranchIsCutFromThatBranch() throws Exception {
    repo.commit("feat: first checkout");
    repo.branch("release/2.x");
    RevCommit releaseHead = repo.commit("fix: backported rounding");
    repo.checkout("main");
    repo.commit("feat!: new API on main");

    assertThat(candidates.pin(payments("release/2.x"))).isEqualTo(releaseHead.name());
  }

  @Test
  void aServiceThatTagsItsCandidatesGetsATagPerCandidateOnItsCommit() throws Exception {
    repo.commit("feat: first checkout");
    repo.tag("v2.3.0");
    RevCommit first = repo.commit("feat: one-page checkout");
    var tagging =
        ServiceDefinition.builder("payments", repo.folder().toString())
            .owners("rita")
            .tagCandidates(true)
            .build();

    assertThat(candidates.cut(tagging, "2.4.0-rc.1")).isEqualTo(first.name());
    RevCommit fixed = repo.commit("fix: defect found in rc.1");
    assertThat(candidates.cut(tagging, "2.4.0-rc.2")).isEqualTo(fixed.name());
    assertThat(candidates.cut(tagging, "2.4.0-rc.2")).as("a retried step").isEqualTo(fixed.name());

    assertThat(peeled("v2.4.0-rc.1")).isEqualTo(first);
    assertThat(peeled("v2.4.0-rc.2")).isEqualTo(fixed);
    var notTagging =
        ServiceDefinition.builder("payments", repo.folder().toString())
            .owners("rita")
            .tagCandidates(true)
            .pushTags(false)
            .build();
    candidates.cut(notTagging, "2.4.0-rc.3");
    assertThat(peeled("v2.4.0-rc.3")).as("push-tags: false makes no tag").isNull();
    candidates.cut(payments(null), "2.4.0-rc.4");
    assertThat(peeled("v2.4.0-rc.4")).as("candidates are not tagged by default").isNull();
  }

  /** The commit a tag of the service's repository names, or null. */
  org.eclipse.jgit.lib.ObjectId peeled(String tag) throws Exception {
    var ref = repo.git().getRepository().exactRef("refs/tags/" + tag);
    return ref == null
        ? null
        : repo.git().getRepository().getRefDatabase().peel(ref).getPeeledObjectId();
  }

  @Test
  void aMissingBranchOrAnUnreachableRepositoryPinsNothing() throws Exception {
    repo.commit("feat: first checkout");

    assertThat(catchThrowable(() -> candidates.pin(payments("hotfix"))))
        .isInstanceOf(RepositoryUnavailableException.class)
        .hasMessage(
            "The repository "
                + repo.folder()
                + " of service payments has no branch hotfix with commits");
    var unreachable =
        ServiceDefinition.builder("ledger", "https://127.0.0.1:9/finance/ledger.git")
            .owners("rita")
            .build();
    assertThat(catchThrowable(() -> candidates.pin(unreachable)))
        .isInstanceOf(RepositoryUnavailableException.class)
        .hasMessageStartingWith(
            "Cannot fetch the repository https://127.0.0.1:9/finance/ledger.git of service ledger");
  }
}
