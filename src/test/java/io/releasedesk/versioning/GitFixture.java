package io.releasedesk.versioning;

import io.releasedesk.catalog.ServiceCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand.FastForwardMode;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.springframework.core.io.FileSystemResource;

/** A real git repository on disk, built commit by commit in a test. */
public final class GitFixture implements AutoCloseable {

  private static final PersonIdent DEVON = new PersonIdent("Devon Developer", "devon@example.com");
  private final Git git;
  private final Path folder;
  private int counter;

  private GitFixture(Git git, Path folder) {
    this.git = git;
    this.folder = folder;
  }

  public static GitFixture init(Path folder) throws GitAPIException {
    return new GitFixture(
        Git.init().setDirectory(folder.toFile()).setInitialBranch("main").call(), folder);
  }

  /** The service catalog of a test: {@code services.yaml} in the folder, with these services. */
  public static ServiceCatalog catalog(Path folder, String servicesYaml) throws IOException {
    Path file = folder.resolve("services.yaml");
    Files.writeString(file, servicesYaml);
    return new ServiceCatalog(file.toString(), new FileSystemResource(file));
  }

  /** Release Desk's mirrors of the services' repositories, under {@code data/git} in the folder. */
  public static GitMirrors mirrors(Path folder) {
    return new GitMirrors(
        new GitProperties(folder.resolve("data/git"), Duration.ofSeconds(5), Map.of()));
  }

  public Path folder() {
    return folder;
  }

  public Git git() {
    return git;
  }

  /** A commit changing a file at {@code path} (a new line each time). */
  public RevCommit commit(String path, String message) throws IOException, GitAPIException {
    Path file = folder.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "change " + (++counter) + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    git.add().addFilepattern(path).call();
    return git.commit()
        .setMessage(message)
        .setAuthor(DEVON)
        .setCommitter(DEVON)
        .setSign(false)
        .call();
  }

  public RevCommit commit(String message) throws IOException, GitAPIException {
    return commit("src/app.txt", message);
  }

  /** A commit by someone else than Devon. */
  public RevCommit commitAs(String author, String path, String message)
      throws IOException, GitAPIException {
    commit(path, message);
    var ident =
        new PersonIdent(
            author, author.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.com");
    return git.commit()
        .setAmend(true)
        .setMessage(message)
        .setAuthor(ident)
        .setCommitter(ident)
        .setSign(false)
        .call();
  }

  /** {@code git revert}: a commit undoing the given one, with git's message ("This reverts commit …"). */
  public RevCommit revert(RevCommit commit) throws GitAPIException {
    RevCommit revert = git.revert().include(commit).call();
    if (revert == null) {
      throw new IllegalStateException(
          "The revert of " + commit.name() + " conflicts: " + git.status().call().getConflicting());
    }
    return revert;
  }

  public void tag(String name) throws GitAPIException {
    git.tag()
        .setName(name)
        .setAnnotated(true)
        .setMessage(name)
        .setTagger(DEVON)
        .setSigned(false)
        .call();
  }

  public void lightweightTag(String name) throws GitAPIException {
    git.tag().setName(name).setAnnotated(false).call();
  }

  public void branch(String name) throws GitAPIException {
    git.checkout().setCreateBranch(true).setName(name).call();
  }

  public void checkout(String name) throws GitAPIException {
    git.checkout().setName(name).call();
  }

  /** Merges the branch into the current one with a merge commit. */
  public RevCommit merge(String branch) throws IOException, GitAPIException {
    git.merge()
        .include(git.getRepository().resolve(branch))
        .setFastForward(FastForwardMode.NO_FF)
        .setMessage("Merge branch '" + branch + "'")
        .call();
    return git.log().setMaxCount(1).call().iterator().next();
  }

  @Override
  public void close() {
    git.close();
  }
}
