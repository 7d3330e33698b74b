package io.releasedesk.versioning;

import io.releasedesk.versioning.ConventionalCommit.Bump;
import java.util.Comparator;
import java.util.List;
import org.semver4j.Semver;

/**
 * The version a release should get, from the last release and the commits since: a breaking change makes the next
 * major version, a feature the next minor, anything else the next patch; without a release yet, the initial version.
 * Versions are Semantic Versioning 2.0.0, compared by its precedence (pre-releases below their release, build
 * metadata ignored).
 */
public final class NextVersion {

  /** A commit since the last release: its short sha and its message as read by the conventions. */
  public record Change(String shortSha, ConventionalCommit commit) {}

  /**
   * The proposal.
   *
   * @param proposed the version the commits ask for
   * @param lastRelease the last released version, null when there is none yet
   * @param bump how far the version moved from the last release; null when there was no release yet
   * @param deciding the commits that decided it (those of the largest bump), newest first
   * @param changes every commit since the last release, newest first; empty when nothing changed
   */
  public record Proposal(
      String proposed, String lastRelease, Bump bump, List<Change> deciding, List<Change> changes) {

    public boolean nothingChanged() {
      return lastRelease != null && changes.isEmpty();
    }
  }

  private NextVersion() {}

  /**
   * A semantic version exactly as written, or null: semver4j also reads {@code v1.2.0} and {@code 1.2.0 } as versions,
   * which a tag pattern or a person must not rely on.
   */
  public static Semver parse(String text) {
    Semver version = text == null ? null : Semver.parse(text);
    return version != null && version.getVersion().equals(text) ? version : null;
  }

  public static Proposal propose(Semver lastRelease, List<Change> changes, Semver initialVersion) {
    if (lastRelease == null) {
      return new Proposal(initialVersion.getVersion(), null, null, changes, changes);
    }
    Bump bump =
        changes.stream()
            .map(change -> change.commit().bump())
            .max(Comparator.naturalOrder())
            .orElse(Bump.PATCH);
    Semver next =
        switch (bump) {
          case MAJOR -> lastRelease.nextMajor();
          case MINOR -> lastRelease.nextMinor();
          case PATCH -> lastRelease.nextPatch();
        };
    List<Change> deciding =
        changes.stream().filter(change -> change.commit().bump() == bump).toList();
    return new Proposal(next.getVersion(), lastRelease.getVersion(), bump, deciding, changes);
  }

  /**
   * Why a version a person chose is not acceptable, or null when it is: it must be a semantic version greater than
   * the last release.
   */
  public static String problemWith(String version, String lastRelease) {
    Semver chosen = parse(version);
    if (chosen == null) {
      return "Version '" + version + "' is not a semantic version such as 2.4.0 or 2.4.0-beta.1";
    }
    if (lastRelease != null && !chosen.isGreaterThan(lastRelease)) {
      return "Version "
          + version
          + " must be greater than the last release "
          + lastRelease
          + " (Semantic Versioning precedence)";
    }
    return null;
  }
}
