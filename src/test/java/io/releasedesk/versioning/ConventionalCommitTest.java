package io.releasedesk.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.versioning.ConventionalCommit.Bump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a commit message is read, and how far it moves the version. */
class ConventionalCommitTest {

  @Test
  void typeScopeAndSubjectAreRead() {
    assertThat(ConventionalCommit.parse("feat(api): refunds by order id\n\nLonger text"))
        .isEqualTo(new ConventionalCommit("feat", "api", false, "refunds by order id"));
  }

  @Test
  void anExclamationMarkOrABreakingChangeFooterMarksABreakingChange() {
    assertThat(ConventionalCommit.parse("refactor!: drop the v1 API").breaking()).isTrue();
    assertThat(ConventionalCommit.parse("feat(api)!: drop the v1 API").breaking()).isTrue();
    assertThat(
            ConventionalCommit.parse("fix: new date format\n\nBREAKING CHANGE: dates are ISO-8601")
                .breaking())
        .isTrue();
    assertThat(
            ConventionalCommit.parse("fix: new date format\n\nBREAKING-CHANGE: dates are ISO-8601")
                .breaking())
        .isTrue();
    assertThat(ConventionalCommit.parse("fix: mention a BREAKING CHANGE: in passing").breaking())
        .isFalse();
  }

  @Test
  void aMessageOfNoConventionKeepsItsFirstLineAndHasNoType() {
    ConventionalCommit commit =
        ConventionalCommit.parse("Update README\n\nfeat: not a header here");

    assertThat(commit).isEqualTo(new ConventionalCommit(null, null, false, "Update README"));
    assertThat(commit.isConventional()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "feat: a feature | MINOR",
        "Feat: a feature | MINOR",
        "fix: a fix | PATCH",
        "chore(deps): bump | PATCH",
        "docs: typo | PATCH",
        "Merge branch 'x' | PATCH",
        "feat!: breaking feature | MAJOR",
        "fix!: breaking fix | MAJOR"
      })
  void breakingMeansMajorFeatMinorAnythingElsePatch(String message, Bump bump) {
    assertThat(ConventionalCommit.parse(message).bump()).isEqualTo(bump);
  }
}
