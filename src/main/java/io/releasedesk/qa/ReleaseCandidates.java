package io.releasedesk.qa;

/** Names release candidates after the version they lead to: 2.4.0 gives 2.4.0-rc.1, 2.4.0-rc.2, … */
public final class ReleaseCandidates {

  private ReleaseCandidates() {}

  /**
   * The candidate version with the given number. A pre-release version gets the candidate number appended as
   * further pre-release identifiers (2.4.0-beta.1 gives 2.4.0-beta.1.rc.1); build metadata stays at the end.
   */
  public static String candidateVersion(String version, int number) {
    if (number < 1) {
      throw new IllegalArgumentException("Candidate numbers start at 1, not " + number);
    }
    int plus = version.indexOf('+');
    String core = plus < 0 ? version : version.substring(0, plus);
    String build = plus < 0 ? "" : version.substring(plus);
    String separator = core.contains("-") ? ".rc." : "-rc.";
    return core + separator + number + build;
  }
}
