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
  public record Since(Semver lastRelease, String lastReleaseTag, ObjectId head, List<Change> changes) {}

  private ReleaseHistory() {}

  public static Since read(Repository repository, ServiceDefinition service) {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit head = walk.parseCommit(branchHead(repository, service));
      Semver last = null;
      String lastTag = null;
      RevCommit lastCommit = null;
      for (Ref tag : repository.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
        String name = tag.getName().substring(Constants.R_TAGS.length());
        String versionText = service.versionOf(name);
        Semver version = NextVersion.parse(versionText);
        if (version == null || !version.getPreRelease().isEmpty()
            || (last != null && !version.isGreaterThan(last))) {
          continue;
        }
        RevCommit tagged = walk.parseCommit(tag.getObjectId());
        if (walk.isMergedInto(tagged, head)) {
          last = version;
          lastTag = name;
          lastCommit = tagged;
        }
      }
      walk.reset();
      walk.markStart(head);
      if (lastCommit != null) {
        walk.markUninteresting(walk.parseCommit(lastCommit));
      }
      walk.setRevFilter(RevFilter.NO_MERGES);
      if (service.path() != null) {
        walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(service.path()), TreeFilter.ANY_DIFF));
      }
      var changes = new ArrayList<Change>();
      for (RevCommit commit : walk) {
        changes.add(new Change(commit.abbreviate(7).name(), ConventionalCommit.parse(commit.getFullMessage())));
      }
      return new Since(last, lastTag, head.copy(), changes);
    } catch (IOException e) {
      throw new RepositoryUnavailableException("Cannot read the history of " + service.repository() + " for service "
          + service.name() + ": " + e.getMessage(), e);
    }
  }

  /** The commit at the head of the service's branch (its configured branch, else the repository's default branch). */
  static ObjectId branchHead(Repository repository, ServiceDefinition service) throws IOException {
    String ref = service.branch() == null ? Constants.HEAD : Constants.R_HEADS + service.branch();
    ObjectId head = repository.resolve(ref + "^{commit}");
    if (head == null) {
      throw new RepositoryUnavailableException("The repository " + service.repository() + " of service "
          + service.name() + " has no " + (service.branch() == null ? "default branch" : "branch " + service.branch())
          + " with commits", null);
    }
    return head;
  }
}
