package io.releasedesk.versioning;

import io.releasedesk.catalog.ServiceDefinition;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The commits a release ships: those the shipped commit contains and the service's last release tag before it does
 * not, read by the same rules as the next version ({@link ReleaseHistory}): no merge commits (the commits a merge
 * brings in are there themselves), and for a service with a path only those that change something under it.
 *
 * <p>A commit reverted within the range ships nothing: it is left out together with its revert. A revert is a
 * commit whose message says {@code This reverts commit <sha>} (what {@code git revert} writes); a revert of a commit
 * that was released earlier stays, since it changes what is in production. A revert of a revert brings the first
 * commit back.
 */
public final class ShippedCommits {

  /** Only a commit id, never a revision expression such as {@code main~2}. */
  private static final Pattern SHA = Pattern.compile("^[0-9a-f]{7,40}$");

  private static final Pattern REVERTS =
      Pattern.compile("(?m)^This reverts commit ([0-9a-f]{7,40})\\b");

  /**
   * One shipped commit.
   *
   * @param sha the full commit id
   * @param author the author's name
   * @param message the whole message
   */
  public record Commit(String sha, String author, String message) {

    public String shortSha() {
      return sha.substring(0, 7);
    }

    public ConventionalCommit conventional() {
      return ConventionalCommit.parse(message);
    }
  }

  /**
   * What a release ships.
   *
   * @param lastReleaseTag the tag of the last release before the shipped commit, null when there is none
   * @param sha the shipped commit
   * @param commits the commits it ships, newest first
   * @param reverted how many commits were left out because they were reverted within the range (reverts included)
   * @param firstCommitAt when the oldest commit of the range was committed; null when the range has no commit
   */
  public record Range(
      String lastReleaseTag,
      String sha,
      List<Commit> commits,
      int reverted,
      Instant firstCommitAt) {

    /** A range whose commit times are not known. */
    public Range(String lastReleaseTag, String sha, List<Commit> commits, int reverted) {
      this(lastReleaseTag, sha, commits, reverted, null);
    }
  }

  private ShippedCommits() {}

  /** @throws RepositoryUnavailableException when the repository cannot be read or does not hold the commit */
  public static Range read(Repository repository, ServiceDefinition service, String sha) {
    if (sha == null || !SHA.matcher(sha).matches()) {
      throw new IllegalArgumentException(
          "'" + sha + "' is not a commit id (7 to 40 lower-case hex digits)");
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit shipped = walk.parseCommit(resolve(repository, service, sha));
      ReleaseHistory.Tag last = ReleaseHistory.lastRelease(repository, walk, service, shipped);
      List<RevCommit> all = ReleaseHistory.commitsSince(walk, service, shipped, last);
      Set<RevCommit> leftOut = revertedWithin(all);
      var commits =
          all.stream()
              .filter(commit -> !leftOut.contains(commit))
              .map(
                  commit ->
                      new Commit(
                          commit.name(),
                          commit.getAuthorIdent().getName(),
                          commit.getFullMessage()))
              .toList();
      Instant firstCommitAt =
          all.stream()
              .filter(commit -> !leftOut.contains(commit))
              .map(commit -> Instant.ofEpochSecond(commit.getCommitTime()))
              .min(Instant::compareTo)
              .orElse(null);
      return new Range(
          last == null ? null : last.name(),
          shipped.name(),
          commits,
          leftOut.size(),
          firstCommitAt);
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

  private static ObjectId resolve(Repository repository, ServiceDefinition service, String sha)
      throws IOException {
    ObjectId commit;
    try {
      commit = repository.resolve(sha + "^{commit}");
    } catch (MissingObjectException | AmbiguousObjectException e) {
      commit = null;
    }
    if (commit == null) {
      throw new RepositoryUnavailableException(
          "The repository "
              + service.repository()
              + " of service "
              + service.name()
              + " holds no commit "
              + sha,
          null);
    }
    return commit;
  }

  /** The reverts whose reverted commit is in the range, and those commits; newest first, so a revert of a revert wins. */
  private static Set<RevCommit> revertedWithin(List<RevCommit> newestFirst) {
    Set<RevCommit> leftOut = new HashSet<>();
    for (int i = 0; i < newestFirst.size(); i++) {
      RevCommit revert = newestFirst.get(i);
      var reverts = REVERTS.matcher(revert.getFullMessage());
      if (leftOut.contains(revert) || !reverts.find()) {
        continue;
      }
      String target = reverts.group(1);
      for (RevCommit older : newestFirst.subList(i + 1, newestFirst.size())) {
        if (!leftOut.contains(older) && older.name().startsWith(target)) {
          leftOut.add(revert);
          leftOut.add(older);
          break;
        }
      }
    }
    return leftOut;
  }
}
