package io.releasedesk.versioning;

import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.versioning.NextVersion.Change;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.semver4j.Semver;

/**
 * What a service's repository says about its releases: the last release tag on its branch and the commits since.
 *
 * <p>The last release is the greatest version among the service's tags (by its tag pattern) that is no pre-release
 * and whose commit is on the branch. The commits since it are those on the branch not reachable from that tag,
 * without merge commits (the commits they bring in are counted themselves), and, for a service with a path, only
 * those that change something under it.
 */
public final class ReleaseHistory {

  /** The last release, if any, and the changes since, newest first. */
  public record Since(
      Semver lastRelease, String lastReleaseTag, ObjectId head, List<Change> changes) {}

  private ReleaseHistory() {}

  /** A release tag of the service and its commit. */
  record Tag(Semver version, String name, RevCommit commit) {}

  public static Since read(Repository repository, ServiceDefinition service) {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit head = walk.parseCommit(branchHead(repository, service));
      Tag last = lastRelease(repository, walk, service, head);
      var changes = new ArrayList<Change>();
      for (RevCommit commit : commitsSince(walk, service, head, last)) {
        changes.add(
            new Change(
                commit.abbreviate(7).name(), ConventionalCommit.parse(commit.getFullMessage())));
      }
      return new Since(
          last == null ? null : last.version(),
          last == null ? null : last.name(),
          head.copy(),
          changes);
    } catch (IOException e) {
      throw new RepositoryUnavailableException(
          "Cannot read the history of "
              + service.repository()
              + " for service "
              + service.name()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The service's last release as seen from {@code commit}: the greatest version among its tags that is no
   * pre-release and whose commit {@code commit} contains; null when there is none.
   */
  static Tag lastRelease(
      Repository repository, RevWalk walk, ServiceDefinition service, RevCommit commit)
      throws IOException {
    Tag last = null;
    for (Ref tag : repository.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
      String name = tag.getName().substring(Constants.R_TAGS.length());
      Semver version = NextVersion.parse(service.versionOf(name));
      if (version == null
          || !version.getPreRelease().isEmpty()
          || (last != null && !version.isGreaterThan(last.version()))) {
        continue;
      }
      RevCommit tagged = walk.parseCommit(tag.getObjectId());
      if (walk.isMergedInto(tagged, commit)) {
        last = new Tag(version, name, tagged);
      }
    }
    return last;
  }

  /**
   * The commits {@code upTo} contains and the last release does not, newest first: no merge commits (what they bring
   * in is there itself), and for a service with a path only those that change something under it.
   */
  static List<RevCommit> commitsSince(
      RevWalk walk, ServiceDefinition service, RevCommit upTo, Tag last) throws IOException {
    walk.reset();
    walk.markStart(upTo);
    if (last != null) {
      walk.markUninteresting(walk.parseCommit(last.commit()));
    }
    walk.setRevFilter(RevFilter.NO_MERGES);
    walk.setTreeFilter(
        service.path() == null
            ? TreeFilter.ALL
            : AndTreeFilter.create(PathFilter.create(service.path()), TreeFilter.ANY_DIFF));
    var commits = new ArrayList<RevCommit>();
    walk.forEach(commits::add);
    return commits;
  }

  /** The commit at the head of the service's branch (its configured branch, else the repository's default branch). */
  static ObjectId branchHead(Repository repository, ServiceDefinition service) throws IOException {
    String ref = service.branch() == null ? Constants.HEAD : Constants.R_HEADS + service.branch();
    ObjectId head = repository.resolve(ref + "^{commit}");
    if (head == null) {
      throw new RepositoryUnavailableException(
          "The repository "
              + service.repository()
              + " of service "
              + service.name()
              + " has no "
              + (service.branch() == null ? "default branch" : "branch " + service.branch())
              + " with commits",
          null);
    }
    return head;
  }
}
