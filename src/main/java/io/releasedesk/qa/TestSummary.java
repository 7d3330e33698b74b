package io.releasedesk.qa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * CI's small JSON summary of a run, beside or instead of its JUnit XML reports. Every field is optional.
 *
 * @param suite with passed, failed and skipped: the counts of one suite, for a tool that writes no JUnit XML
 * @param coverage line coverage in per cent
 * @param runUrl the CI run (http or https), shown to QA and developers as a link
 * @param openBlockers open blocker defects, as a tracker reports them
 * @param commit the commit CI tested: when given, it must be the candidate's
 */
public record TestSummary(
    String suite,
    Integer passed,
    Integer failed,
    Integer skipped,
    Double coverage,
    String runUrl,
    Integer openBlockers,
    String commit) {

  static final TestSummary NONE = new TestSummary(null, null, null, null, null, null, null, null);

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** Reads and checks a summary; anything wrong is refused, every problem named. */
  public static TestSummary parse(String json) {
    TestSummary summary;
    try {
      summary = JSON.readValue(json, TestSummary.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidTestResultsException(
          "The summary has an unknown field '"
              + e.getPropertyName()
              + "'; known are suite, passed, failed, skipped, coverage, runUrl, openBlockers, commit");
    } catch (JsonProcessingException e) {
      throw new InvalidTestResultsException(
          "The summary is not a JSON object of the expected fields: " + e.getOriginalMessage());
    }
    if (summary == null) {
      throw new InvalidTestResultsException("The summary is empty");
    }
    List<String> problems = summary.problems();
    if (!problems.isEmpty()) {
      throw new InvalidTestResultsException(String.join("; ", problems));
    }
    return summary;
  }

  boolean hasCounts() {
    return passed != null || failed != null || skipped != null;
  }

  List<String> problems() {
    var problems = new ArrayList<String>();
    for (var count :
        List.of(
            new Object[] {"passed", passed},
            new Object[] {"failed", failed},
            new Object[] {"skipped", skipped},
            new Object[] {"openBlockers", openBlockers})) {
      if (count[1] != null && (Integer) count[1] < 0) {
        problems.add("'" + count[0] + "' must not be negative");
      }
    }
    if (hasCounts() && (suite == null || suite.isBlank())) {
      problems.add(
          "'suite' must name the suite whose passed, failed and skipped tests are counted");
    }
    if (suite != null && suite.length() > 200) {
      problems.add("'suite' must be at most 200 characters");
    }
    if (coverage != null && (coverage < 0 || coverage > 100 || coverage.isNaN())) {
      problems.add("'coverage' must be a percentage between 0 and 100");
    }
    if (runUrl != null && !isWebAddress(runUrl)) {
      problems.add("'runUrl' must be an http or https address of at most 1000 characters");
    }
    if (commit != null && !commit.matches("[0-9a-fA-F]{7,40}")) {
      problems.add("'commit' must be a commit sha (7 to 40 hexadecimal digits)");
    }
    return problems;
  }

  private static boolean isWebAddress(String address) {
    try {
      URI uri = URI.create(address);
      return address.length() <= 1000
          && uri.getHost() != null
          && ("http".equalsIgnoreCase(uri.getScheme())
              || "https".equalsIgnoreCase(uri.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The summary's own suite, if it counts one. */
  TestRun.Suite suiteOfItsOwn() {
    return new TestRun.Suite(
        suite, zeroIfNull(passed), zeroIfNull(failed), zeroIfNull(skipped), List.of());
  }

  private static int zeroIfNull(Integer count) {
    return count == null ? 0 : count;
  }
}
