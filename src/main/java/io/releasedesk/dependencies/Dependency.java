package io.releasedesk.dependencies;

import org.semver4j.Semver;
import org.semver4j.range.RangeList;
import org.semver4j.range.RangeListFactory;

/**
 * A version of another service that must be in production before a release goes there: the service's name and a
 * version range ({@code >=1.7.0}, {@code ^2.3.0}, {@code 1.x}, {@code >=1.7.0 <2.0.0}), as npm and semver4j read
 * ranges.
 */
public record Dependency(String service, String range) {

  /** Whether the version satisfies the range, by Semantic Versioning precedence (semver4j). */
  public boolean satisfiedBy(String version) {
    Semver parsed = Semver.parse(version);
    return parsed != null && parsed.satisfies(ranges());
  }

  RangeList ranges() {
    return RangeListFactory.create(range);
  }

  /** A range semver4j reads: a text it does not read gives no range at all, which nothing would satisfy. */
  static boolean isRange(String range) {
    return !range.isEmpty() && !RangeListFactory.create(range).get().isEmpty();
  }

  @Override
  public String toString() {
    return service + " " + range;
  }
}
