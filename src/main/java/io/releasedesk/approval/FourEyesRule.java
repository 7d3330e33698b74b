package io.releasedesk.approval;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The four-eyes rule: nobody approves a release they requested, and nobody gives two of its approvals; nobody
 * approves an emergency exception they asked for.
 */
public final class FourEyesRule {

  public static final String NAME = "Four-eyes rule";

  private FourEyesRule() {}

  /**
   * @param approver who approves (or claims the approval); null if unknown
   * @param requester who requested the release
   * @param earlierApprovers who already approved in this round
   * @return why this approval is not allowed, or empty if it is
   */
  public static Optional<String> violation(
      String releaseKey, String approver, String requester, Collection<String> earlierApprovers) {
    if (approver == null || approver.isBlank()) {
      return Optional.of(
          NAME
              + ": an approval of "
              + releaseKey
              + " must come from a known person; log in or claim the task first");
    }
    if (approver.equals(requester)) {
      return Optional.of(
          NAME + ": " + approver + " requested " + releaseKey + " and cannot approve it");
    }
    if (earlierApprovers.contains(approver)) {
      return Optional.of(
          NAME
              + ": "
              + approver
              + " has already approved "
              + releaseKey
              + "; the other approval must come from someone else");
    }
    return Optional.empty();
  }

  /**
   * An emergency exception from a freeze window: the release's rule, and besides, whoever asked for the exception does
   * not approve it.
   *
   * @param exceptionRequester who asked for the exception
   * @return why this approval is not allowed, or empty if it is
   */
  public static Optional<String> exceptionViolation(
      String releaseKey, String approver, String requester, String exceptionRequester) {
    return violation(releaseKey, approver, requester, List.of())
        .or(
            () ->
                approver.equals(exceptionRequester)
                    ? Optional.of(
                        NAME
                            + ": "
                            + approver
                            + " asked for the emergency exception of "
                            + releaseKey
                            + " and cannot approve it")
                    : Optional.empty());
  }
}
