package io.releasedesk.approval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The list of approvers as Cockpit and the forms show it ("carol, dave"), read and extended. */
class ApproversTest {

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", ",", " , ,"})
  void noTextMeansNobodyHasApproved(String text) {
    assertThat(Approvers.parse(text)).isEmpty();
  }

  @Test
  void oneApprover() {
    assertThat(Approvers.parse("carol")).containsExactly("carol");
  }

  @Test
  void approversAreReadInOrderWithoutSpaces() {
    assertThat(Approvers.parse("carol, dave")).containsExactly("carol", "dave");
    assertThat(Approvers.parse(" carol ,dave,  erin ")).containsExactly("carol", "dave", "erin");
  }

  @Test
  void emptyEntriesAreSkipped() {
    assertThat(Approvers.parse("carol,, dave,")).containsExactly("carol", "dave");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" "})
  void theFirstApproverIsTheWholeText(String before) {
    assertThat(Approvers.add(before, "carol")).isEqualTo("carol");
  }

  @Test
  void furtherApproversAreAppendedCommaSeparated() {
    assertThat(Approvers.add("carol", "dave")).isEqualTo("carol, dave");
    assertThat(Approvers.add("carol, dave", "erin")).isEqualTo("carol, dave, erin");
  }

  @Test
  void whatIsAddedIsReadBackInOrder() {
    String text = Approvers.add(Approvers.add(Approvers.add("", "carol"), "dave"), "erin");

    assertThat(Approvers.parse(text)).containsExactly("carol", "dave", "erin");
  }

  @Test
  void theFourEyesRuleRecognisesAnApproverReadFromTheText() {
    // the engine checks the rule against the parsed list, so an earlier approver is refused a
    // second approval
    var earlier = Approvers.parse(Approvers.add("", "carol"));

    assertThat(FourEyesRule.violation("payments@2.4.0", "carol", "rita", earlier)).isPresent();
    assertThat(FourEyesRule.violation("payments@2.4.0", "chris", "rita", earlier)).isEmpty();
  }
}
