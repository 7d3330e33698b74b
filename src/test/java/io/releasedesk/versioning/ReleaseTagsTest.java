package io.releasedesk.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.versioning.ReleaseTags.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release tags made in the mirror and pushed to the service's repository: a bare repository on disk, as a remote
 * would be, into which a developer's clone (built here with JGit) pushes its commits.
 */
class ReleaseTagsTest {

  @TempDir Path temp;
  Path remote;
  GitFixture work;
  GitMirrors mirrors;
  ReleaseTags tags;
  RevCommit shipped;
  RevCommit later;

  @BeforeEach
  void repositories() throws Exception {
    remote = temp.resolve("ledger.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
    work = GitFixture.init(temp.resolve("work"));
    work.commit("feat: ledger");
    work.tag("v1.4.0");
    shipped = work.commit("feat: monthly statements");
    later = work.commit("fix: a commit after the candidate");
    push();
    mirrors =
        new GitMirrors(
            new GitProperties(temp.resolve("data/git"), Duration.ofSeconds(5), Map.of()));
    tags = new ReleaseTags(mirrors);
  }

  @AfterEach
  void close() {
    work.close();
  }

  void push() throws Exception {
    work.git().push().setRemote(remote.toUri().toString()).add("main").setPushTags().call();
  }

  ServiceDefinition ledger() {
    return ServiceDefinition.builder("ledger", remote.toString()).owners("rita").build();
  }

  /** The commit a tag of the bare repository names, and the tag object. */
  RevTag remoteTag(String name) throws Exception {
    try (Git git = Git.open(remote.toFile());
        RevWalk walk = new RevWalk(git.getRepository())) {
      Ref ref = git.getRepository().exactRef(Constants.R_TAGS + name);
      return ref == null ? null : walk.parseTag(ref.getObjectId());
    }
  }

  @Test
  void anAnnotatedTagIsMadeOnTheShippedCommitAndPushedToTheRepository() throws Exception {
    Outcome outcome =
        tags.tag(ledger(), "v1.5.0", shipped.name(), "ledger 1.5.0\n\nMonthly statements\n");

    assertThat(outcome).isEqualTo(Outcome.CREATED);
    RevTag tag = remoteTag("v1.5.0");
    assertThat(tag.getObject()).isEqualTo(shipped);
    assertThat(tag.getFullMessage()).isEqualTo("ledger 1.5.0\n\nMonthly statements\n");
    assertThat(tag.getTaggerIdent().getName()).isEqualTo("Release Desk");
    // the next fetch keeps it in the mirror, because the repository holds it
    try (var mirror = mirrors.fetch(ledger())) {
      assertThat(
              mirror.getRefDatabase().peel(mirror.exactRef("refs/tags/v1.5.0")).getPeeledObjectId())
          .isEqualTo(shipped);
    }
  }

  @Test
  void aRetriedStepFindsItsOwnTagAndLeavesIt() throws Exception {
    assertThat(tags.tag(ledger(), "v1.5.0", shipped.name(), "ledger 1.5.0\n"))
        .isEqualTo(Outcome.CREATED);
    ObjectId made = remoteTag("v1.5.0").getId();

    assertThat(tags.tag(ledger(), "v1.5.0", shipped.name(), "ledger 1.5.0\n"))
        .isEqualTo(Outcome.FOUND);
    assertThat(tags.tag(ledger(), "v1.5.0", shipped.name(), "ledger 1.5.0\n"))
        .isEqualTo(Outcome.FOUND);

    assertThat(remoteTag("v1.5.0").getId())
        .as("the same tag object, not a new one")
        .isEqualTo(made);
  }

  @Test
  void aTagOfTheSameNameOnAnotherCommitIsNeverMoved() throws Exception {
    work.git()
        .tag()
        .setName("v1.5.0")
        .setObjectId(later)
        .setAnnotated(true)
        .setMessage("made by hand")
        .setSigned(false)
        .call();
    push();

    Throwable refused =
        catchThrowable(() -> tags.tag(ledger(), "v1.5.0", shipped.name(), "ledger 1.5.0\n"));

    assertThat(refused)
        .isInstanceOf(TagConflictException.class)
        .hasMessage(
            "The tag v1.5.0 in the repository "
                + remote
                + " of service ledger already names commit "
                + later.name()
                + " (\"fix: a commit after the candidate\"), not "
                + shipped.name()
                + "; Release Desk never moves a tag: if the tag is wrong, delete it in the repository, then retry the step");
    assertThat(remoteTag("v1.5.0").getObject()).isEqualTo(later);
    assertThat(remoteTag("v1.5.0").getFullMessage()).isEqualTo("made by hand");
  }

  @Test
  void aCommitTheRepositoryDoesNotHoldIsNotTagged() throws Exception {
    String unknown = "0123456789abcdef0123456789abcdef01234567";

    assertThat(catchThrowable(() -> tags.tag(ledger(), "v1.5.0", unknown, "ledger 1.5.0\n")))
        .isInstanceOf(RepositoryUnavailableException.class)
        .hasMessage("The repository " + remote + " of service ledger has no commit " + unknown);
    assertThat(remoteTag("v1.5.0")).isNull();
  }

  @Test
  void anUnreachableRepositoryIsNotTagged() {
    var unreachable =
        ServiceDefinition.builder("ledger", "https://127.0.0.1:9/finance/ledger.git")
            .owners("rita")
            .build();

    assertThat(
            catchThrowable(() -> tags.tag(unreachable, "v1.5.0", shipped.name(), "ledger 1.5.0\n")))
        .isInstanceOf(RepositoryUnavailableException.class)
        .hasMessageStartingWith(
            "Cannot fetch the repository https://127.0.0.1:9/finance/ledger.git of service ledger");
  }
}
