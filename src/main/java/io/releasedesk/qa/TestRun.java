package io.releasedesk.qa;

import java.util.List;

/**
 * The test results of one candidate, as CI reported them: its suites with their counts and failed tests.
 *
 * @param coverage line coverage in per cent, if CI reported it
 * @param runUrl the CI run, if CI linked it (http or https)
 * @param openBlockers open blocker defects, if CI or a tracker reported them
 * @param commit the commit CI tested, if it said
 */
public record TestRun(
    List<Suite> suites, Double coverage, String runUrl, Integer openBlockers, String commit) {

  /** One test suite: how many of its tests passed, failed (failures and errors) and were skipped. */
  public record Suite(
      String name, int passed, int failed, int skipped, List<FailedTest> failedTests) {}

  /** A failed test: its name, suite, message and the first lines of its trace. */
  public record FailedTest(String suite, String name, String message, String trace) {}

  public int passed() {
    return suites.stream().mapToInt(Suite::passed).sum();
  }

  public int failed() {
    return suites.stream().mapToInt(Suite::failed).sum();
  }

  public int skipped() {
    return suites.stream().mapToInt(Suite::skipped).sum();
  }

  /** Passed of passed and failed tests in per cent, one decimal; null when none ran. */
  public Double passRate() {
    int ran = passed() + failed();
    return ran == 0 ? null : Math.floor(passed() * 1000.0 / ran) / 10;
  }

  public List<FailedTest> failedTests() {
    return suites.stream().flatMap(suite -> suite.failedTests().stream()).toList();
  }
}
