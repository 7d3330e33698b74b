package io.releasedesk.versioning;

import io.releasedesk.catalog.ServiceDefinition;
import java.io.IOException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.springframework.stereotype.Service;

/**
 * Annotated tags on a service's repository: made in its mirror and pushed to the repository itself (also when it is
 * a local path or a file:// URL, since the next fetch prunes from the mirror what the repository does not hold).
 *
 * <p>Jobs run at least once, so tagging is idempotent: a tag of the name on the same commit is found and taken as
 * made. A tag of the name on another commit is never moved: {@link TagConflictException}.
 */
@Service
public class ReleaseTags {

  /** What tagging did. */
  public enum Outcome {
    /** The tag was made and pushed. */
    CREATED,
    /** The repository already had the tag on that commit (a retried step, say). */
    FOUND
  }

  private final GitMirrors mirrors;

  public ReleaseTags(GitMirrors mirrors) {
    this.mirrors = mirrors;
  }

  /**
   * Tags the commit, fetching the repository afresh first.
   *
   * @throws TagConflictException when a tag of the name names another commit
   * @throws RepositoryUnavailableException when the repository cannot be fetched, lacks the commit, or refuses the push
   */
  public Outcome tag(ServiceDefinition service, String name, String commit, String message) {
    try (Repository mirror = mirrors.fetch(service)) {
      return tag(mirror, service, name, commit, message);
    }
  }

  /** Tags the commit in a mirror just fetched, and pushes the tag. */
  Outcome tag(
      Repository mirror, ServiceDefinition service, String name, String commit, String message) {
    String ref = Constants.R_TAGS + name;
    try (RevWalk walk = new RevWalk(mirror);
        Git git = Git.wrap(mirror)) {
      RevCommit target = commitOf(walk, service, commit);
      Ref existing = mirror.exactRef(ref);
      if (existing != null) {
        RevCommit tagged = walk.parseCommit(existing.getObjectId());
        if (tagged.equals(target)) {
          return Outcome.FOUND;
        }
        throw conflict(service, name, tagged, target);
      }
      git.tag()
          .setName(name)
          .setObjectId(target)
          .setAnnotated(true)
          .setMessage(message)
          .setTagger(new PersonIdent("Release Desk", "release-desk@localhost"))
          .setSigned(false)
          .call();
      RemoteRefUpdate pushed = pushOrForget(git, service, ref);
      return switch (pushed.getStatus()) {
        case OK, UP_TO_DATE -> Outcome.CREATED;
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED ->
            throw new TagConflictException(
                "The repository "
                    + service.repository()
                    + " of service "
                    + service.name()
                    + " got a tag "
                    + name
                    + " of its own while Release Desk made it for commit "
                    + target.name()
                    + "; Release Desk never moves a tag: compare the two, delete the wrong one, then retry the step");
        default ->
            throw new RepositoryUnavailableException(
                "The repository "
                    + service.repository()
                    + " of service "
                    + service.name()
                    + " refused the tag "
                    + name
                    + ": "
                    + pushed.getStatus()
                    + (pushed.getMessage() == null ? "" : " (" + pushed.getMessage() + ")"),
                null);
      };
    } catch (IOException | GitAPIException e) {
      throw new RepositoryUnavailableException(
          "Cannot tag "
              + name
              + " in the repository "
              + service.repository()
              + " of service "
              + service.name()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Pushes the new tag; the mirror keeps it only if the repository took it, as the next fetch would have it. */
  private RemoteRefUpdate pushOrForget(Git git, ServiceDefinition service, String ref)
      throws GitAPIException {
    RemoteRefUpdate pushed;
    try {
      pushed = mirrors.push(git.getRepository(), service, ref);
    } catch (RuntimeException e) {
      git.tagDelete().setTags(ref).call();
      throw e;
    }
    if (pushed.getStatus() != RemoteRefUpdate.Status.OK
        && pushed.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
      git.tagDelete().setTags(ref).call();
    }
    return pushed;
  }

  private static RevCommit commitOf(RevWalk walk, ServiceDefinition service, String commit)
      throws IOException {
    try {
      return walk.parseCommit(ObjectId.fromString(commit));
    } catch (MissingObjectException | IllegalArgumentException e) {
      throw new RepositoryUnavailableException(
          "The repository "
              + service.repository()
              + " of service "
              + service.name()
              + " has no commit "
              + commit,
          e);
    }
  }

  private static TagConflictException conflict(
      ServiceDefinition service, String name, RevCommit tagged, RevCommit target) {
    return new TagConflictException(
        "The tag "
            + name
            + " in the repository "
            + service.repository()
            + " of service "
            + service.name()
            + " already names commit "
            + tagged.name()
            + " (\""
            + tagged.getShortMessage()
            + "\"), not "
            + target.name()
            + "; Release Desk never moves a tag: if the tag is "
            + "wrong, delete it in the repository, then retry the step");
  }
}
