package io.releasedesk.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may approve a release, and what an approver who may not is told. */
class FourEyesRuleTest {

  static final String RELEASE = "payments@2.4.0";

  @Test
  void someoneOtherThanTheRequesterMayGiveTheFirstApproval() {
    assertThat(FourEyesRule.violation(RELEASE, "paula", "rita", List.of())).isEmpty();
  }

  @Test
  void aSecondPersonMayGiveTheSecondApproval() {
    assertThat(FourEyesRule.violation(RELEASE, "chris", "rita", List.of("carol"))).isEmpty();
  }

  @Test
  void theRequesterCannotApproveTheirOwnRelease() {
    assertThat(FourEyesRule.violation(RELEASE, "rita", "rita", List.of()))
        .contains("Four-eyes rule: rita requested payments@2.4.0 and cannot approve it");
  }

  @Test
  void nobodyGivesTwoApprovalsOfTheSameRelease() {
    assertThat(FourEyesRule.violation(RELEASE, "carol", "rita", List.of("carol")))
        .contains(
            "Four-eyes rule: carol has already approved payments@2.4.0; "
                + "the other approval must come from someone else");
  }

  @Test
  void theRequesterIsNamedEvenIfTheyAlsoApprovedEarlier() {
    // the first problem wins: being the requester
    assertThat(FourEyesRule.violation(RELEASE, "rita", "rita", List.of("rita")))
        .hasValueSatisfying(
            message -> assertThat(message).contains("rita requested payments@2.4.0"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "\t"})
  void anApprovalFromNobodyInParticularIsRefused(String approver) {
    assertThat(FourEyesRule.violation(RELEASE, approver, "rita", List.of()))
        .contains(
            "Four-eyes rule: an approval of payments@2.4.0 must come from a known person; "
                + "log in or claim the task first");
  }

  @Test
  void aReleaseWithoutKnownRequesterCanBeApprovedByAnyone() {
    assertThat(FourEyesRule.violation(RELEASE, "paula", null, List.of())).isEmpty();
  }

  @Test
  void everyMessageNamesTheRule() {
    assertThat(FourEyesRule.violation(RELEASE, "rita", "rita", List.of()))
        .hasValueSatisfying(message -> assertThat(message).startsWith(FourEyesRule.NAME + ": "));
    assertThat(FourEyesRule.NAME).isEqualTo("Four-eyes rule");
  }

  @Test
  void anEmergencyExceptionIsApprovedByNeitherTheRequesterNorWhoAskedForIt() {
    assertThat(FourEyesRule.exceptionViolation(RELEASE, "paula", "devon", "rita")).isEmpty();
    assertThat(FourEyesRule.exceptionViolation(RELEASE, "devon", "devon", "rita"))
        .contains("Four-eyes rule: devon requested payments@2.4.0 and cannot approve it");
    assertThat(FourEyesRule.exceptionViolation(RELEASE, "rita", "devon", "rita"))
        .contains(
            "Four-eyes rule: rita asked for the emergency exception of payments@2.4.0 and cannot approve it");
    assertThat(FourEyesRule.exceptionViolation(RELEASE, null, "devon", "rita"))
        .get()
        .asString()
        .contains("must come from a known person");
  }
}
