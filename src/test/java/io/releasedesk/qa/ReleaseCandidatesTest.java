package io.releasedesk.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.releasedesk.release.ReleaseRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The names QA sees on the release candidates of a version. */
class ReleaseCandidatesTest {

  @Test
  void candidatesOfAReleaseAreNumberedRcOneTwoThree() {
    assertThat(ReleaseCandidates.candidateVersion("2.4.0", 1)).isEqualTo("2.4.0-rc.1");
    assertThat(ReleaseCandidates.candidateVersion("2.4.0", 2)).isEqualTo("2.4.0-rc.2");
    assertThat(ReleaseCandidates.candidateVersion("2.4.0", 12)).isEqualTo("2.4.0-rc.12");
  }

  @ParameterizedTest(name = "{0} candidate {1} is {2}")
  @CsvSource({
    "2.4.0-beta.1,            1, 2.4.0-beta.1.rc.1",
    "2.4.0-beta,              2, 2.4.0-beta.rc.2",
    "2.4.0+build.5,           1, 2.4.0-rc.1+build.5",
    "2.4.0+build-5,           1, 2.4.0-rc.1+build-5",
    "2.4.0-beta.1+exp.sha.51, 3, 2.4.0-beta.1.rc.3+exp.sha.51",
    "0.0.1,                   1, 0.0.1-rc.1"
  })
  void preReleaseIdentifiersAreExtendedAndBuildMetadataStaysAtTheEnd(
      String version, int number, String candidate) {
    assertThat(ReleaseCandidates.candidateVersion(version, number)).isEqualTo(candidate);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2.4.0",
        "2.4.0-beta.1",
        "2.4.0-x-y-z.--",
        "2.4.0+build.5",
        "2.4.0-beta.1+exp.sha.5114f85",
        "2.4.0+build-with-dashes",
        "10.0.0-0"
      })
  void everyCandidateIsItselfASemanticVersion(String version) {
    // the version was accepted by the release request, so its candidates must be valid as well
    assertThat(version).matches(ReleaseRequest.SEMANTIC_VERSION);
    for (int number : new int[] {1, 2, 10}) {
      assertThat(ReleaseCandidates.candidateVersion(version, number))
          .matches(ReleaseRequest.SEMANTIC_VERSION);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void candidateNumbersBelowOneAreRefused(int number) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ReleaseCandidates.candidateVersion("2.4.0", number))
        .withMessage("Candidate numbers start at 1, not " + number);
  }
}
