package io.releasedesk.notes;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.notes.ReleaseNotes.Evidence;
import org.junit.jupiter.api.Test;

/** The release notes' quality section: QA's summary, and the evidence QA signed off on. */
class ReleaseNotesQualityTest {

  static ReleaseNotes with(Evidence evidence) {
    var base = ReleaseNotesTest.approvedByPeople();
    return base.toBuilder().evidence(evidence).build();
  }

  @Test
  void theGatesVerdictFollowsQasSummaryWithTheResultsAndTheCiRun() {
    var notes =
        with(
            new Evidence(
                "120 passed, 0 failed, 2 skipped (100.0 % passed) · coverage 81.4 %",
                "https://ci.example.com/runs/4711",
                "pass",
                "All tests passed, coverage held",
                null,
                null,
                null));

    assertThat(notes.toMarkdown())
        .endsWith(
            """
        ## Quality assurance

        Regression suite green, exploratory done

        - Test results: 120 passed, 0 failed, 2 skipped (100.0 % passed) · coverage 81.4 %
        - CI run: https://ci.example.com/runs/4711
        - Quality gate: pass (All tests passed, coverage held)
        """);
  }

  @Test
  void anOverriddenFailNamesWhoOverrodeItWhenAndWhy() {
    var notes =
        with(
            new Evidence(
                "9 passed, 1 failed, 0 skipped (90.0 % passed)",
                null,
                "fail",
                "Tests failed in a critical suite",
                "quinn",
                "2026-11-26T10:15:00Z",
                "The failing smoke test hits the sandbox card network,\nwhich is down"));

    assertThat(notes.toMarkdown())
        .endsWith(
            """
        - Test results: 9 passed, 1 failed, 0 skipped (90.0 % passed)
        - Quality gate: fail (Tests failed in a critical suite); overridden by QA: quinn sent the candidate to \
        verification on 2026-11-26T10:15:00Z: The failing smoke test hits the sandbox card network, which is down
        """);
  }

  @Test
  void withoutResultsTheNotesSayQaVerifiedByHand() {
    var notes =
        with(
            new Evidence(
                "No test results from CI within PT2H: QA verifies this candidate by hand",
                null,
                null,
                null,
                null,
                null,
                null));

    assertThat(notes.toMarkdown())
        .endsWith(
            "\n- Test results: No test results from CI within PT2H: QA verifies this candidate by hand\n")
        .doesNotContain("Quality gate:");
  }

  @Test
  void withoutEvidenceTheSectionIsQasSummaryAlone() {
    assertThat(with(Evidence.NONE).toMarkdown())
        .endsWith("## Quality assurance\n\nRegression suite green, exploratory done\n");
    assertThat(with(null).toMarkdown())
        .endsWith("## Quality assurance\n\nRegression suite green, exploratory done\n");
  }
}
