package io.releasedesk.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user and group ids Release Desk accepts, and those it refuses because they could break a path or a query. */
class PeopleIdsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rita",
        "first.last",
        "ops-admin",
        "a_b",
        "name@example.com",
        "camunda-admin",
        "release-managers",
        "J.R.R.Tolkien",
        "x1",
        "team_ops-2@corp.example.com"
      })
  void idsOrganisationsUseAreAccepted(String id) {
    assertThat(PeopleIds.isValid(id)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../x", "..", ".hidden", "a..b", "last.", "a b", " rita", "a/b", "a\\b", "*", "a*", "-x",
        "_x", "@x", "a'b", "a\"b", "a%2Fb", "a;b", "a,b", "a?b", "a#b", "a\tb", "a\nb", "Zoë", ""
      })
  void idsThatCouldBreakPathsOrQueriesAreRefused(String id) {
    assertThat(PeopleIds.isValid(id)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 65})
  void anIdIsAtMostWhatTheEngineTablesHold(int length) {
    assertThat(PeopleIds.isValid("a".repeat(length))).isEqualTo(length <= PeopleIds.MAX_LENGTH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"User", "Group"})
  void aRefusalNamesTheIdAndTheRuleInOneSentence(String kind) {
    assertThatThrownBy(() -> PeopleIds.check(kind, "../x"))
        .isInstanceOf(InvalidIdException.class)
        .hasMessage(
            kind
                + " id '../x' is not allowed: an id has letters, digits and the characters . - _ @, begins "
                + "with a letter or digit, has no two dots in a row and no dot at the end, and is at most 64 characters "
                + "long.");
  }
}
