package io.releasedesk.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.versioning.ConventionalCommit.Bump;
import io.releasedesk.versioning.NextVersion.Change;
import io.releasedesk.versioning.NextVersion.Proposal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.semver4j.Semver;

/** The version rules, without a repository. */
class NextVersionTest {

  static final Semver INITIAL = Semver.parse("1.0.0");

  static Change change(String sha, String message) {
    return new Change(sha, ConventionalCommit.parse(message));
  }

  static Proposal after(String lastRelease, Change... changes) {
    return NextVersion.propose(
        lastRelease == null ? null : Semver.parse(lastRelease), List.of(changes), INITIAL);
  }

  @Test
  void withoutAReleaseTheInitialVersionIsProposed() {
    Proposal proposal = after(null, change("a1", "feat!: everything"));

    assertThat(proposal.proposed()).isEqualTo("1.0.0");
    assertThat(proposal.lastRelease()).isNull();
    assertThat(proposal.bump()).isNull();
    assertThat(proposal.nothingChanged()).isFalse();
  }

  @Test
  void fixesMakeAPatch() {
    Proposal proposal = after("2.4.1", change("b2", "fix: rounding"), change("a1", "chore: tidy"));

    assertThat(proposal.proposed()).isEqualTo("2.4.2");
    assertThat(proposal.bump()).isEqualTo(Bump.PATCH);
    assertThat(proposal.deciding()).extracting(Change::shortSha).containsExactly("b2", "a1");
  }

  @Test
  void aFeatureMakesAMinorAndDecidesAlone() {
    Proposal proposal =
        after(
            "2.4.1",
            change("c3", "fix: rounding"),
            change("b2", "feat: refunds"),
            change("a1", "Some message"));

    assertThat(proposal.proposed()).isEqualTo("2.5.0");
    assertThat(proposal.deciding()).extracting(Change::shortSha).containsExactly("b2");
  }

  @Test
  void aBreakingChangeMakesAMajor() {
    Proposal proposal =
        after(
            "2.4.1",
            change("c3", "feat: refunds"),
            change("b2", "fix: dates\n\nBREAKING CHANGE: ISO-8601 only"));

    assertThat(proposal.proposed()).isEqualTo("3.0.0");
    assertThat(proposal.deciding()).extracting(Change::shortSha).containsExactly("b2");
  }

  @Test
  void nothingSinceTheLastReleaseIsSaid() {
    Proposal proposal = after("2.4.1");

    assertThat(proposal.nothingChanged()).isTrue();
    assertThat(proposal.proposed()).as("if released anyway").isEqualTo("2.4.2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "2.5.0 | 2.4.1 | null",
        "3.0.0-rc.1 | 2.4.1 | null",
        "2.4.2+build.5 | 2.4.1 | null",
        "1.0.0 | null | null",
        "2.4.1 | 2.4.1 | Version 2.4.1 must be greater than the last release 2.4.1 (Semantic Versioning precedence)",
        "2.4.1+build.5 | 2.4.1 | Version 2.4.1+build.5 must be greater than the last release 2.4.1 (Semantic Versioning precedence)",
        "2.4.1-rc.1 | 2.4.1 | Version 2.4.1-rc.1 must be greater than the last release 2.4.1 (Semantic Versioning precedence)",
        "2.3.9 | 2.4.1 | Version 2.3.9 must be greater than the last release 2.4.1 (Semantic Versioning precedence)",
        "2.5 | 2.4.1 | Version '2.5' is not a semantic version such as 2.4.0 or 2.4.0-beta.1",
        "v2.5.0 | 2.4.1 | Version 'v2.5.0' is not a semantic version such as 2.4.0 or 2.4.0-beta.1"
      })
  void aChosenVersionMustBeSemanticAndGreaterThanTheLastRelease(
      String chosen, String last, String problem) {
    assertThat(NextVersion.problemWith(chosen, last)).isEqualTo(problem);
  }
}
