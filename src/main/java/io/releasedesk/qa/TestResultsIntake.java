package io.releasedesk.qa;

import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.COVERAGE;
import static io.releasedesk.release.ReleaseProcess.Variables.COVERAGE_CHANGE;
import static io.releasedesk.release.ReleaseProcess.Variables.CRITICAL_FAILURES;
import static io.releasedesk.release.ReleaseProcess.Variables.FAILED_TESTS;
import static io.releasedesk.release.ReleaseProcess.Variables.OPEN_BLOCKERS;
import static io.releasedesk.release.ReleaseProcess.Variables.PASS_RATE;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDE_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TESTS_FAILED;
import static io.releasedesk.release.ReleaseProcess.Variables.TESTS_PASSED;
import static io.releasedesk.release.ReleaseProcess.Variables.TESTS_SKIPPED;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_RESULTS;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_RUN_URL;
import static io.releasedesk.release.ReleaseProcess.Variables.VERIFIED_WITHOUT_RESULTS;
import static org.camunda.bpm.engine.variable.Variables.doubleValue;
import static org.camunda.bpm.engine.variable.Variables.fileValue;
import static org.camunda.bpm.engine.variable.Variables.integerValue;
import static org.camunda.bpm.engine.variable.Variables.stringValue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.holunda.camunda.bpm.data.factory.VariableFactory;
import io.releasedesk.dependencies.ProductionVersions;
import io.releasedesk.engine.ConflictException;
import io.releasedesk.release.ReleaseNotFoundException;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Variables;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes a candidate's test results to the release that waits for them, and keeps them with the quality gate's verdict.
 * Results belong to one candidate: those of a candidate that is no longer current, or that arrive when the release
 * does not wait for them, are refused with 409 and change nothing.
 *
 * <p>The results travel with the message that ends the wait, correlated by this trusted code without the caller's
 * engine permissions (a CI account has none: it may post results and nothing else); the quality gate then decides in
 * the same transaction, and what it decided is stored with the results.
 */
@Service
public class TestResultsIntake {

  /** The variables a candidate's results and verdict occupy; a new candidate starts without them. */
  static final List<String> RESULTS =
      Stream.of(
              TESTS_PASSED,
              TESTS_FAILED,
              TESTS_SKIPPED,
              PASS_RATE,
              CRITICAL_FAILURES,
              COVERAGE,
              COVERAGE_CHANGE,
              OPEN_BLOCKERS,
              TEST_RUN_URL,
              TEST_RESULTS,
              FAILED_TESTS,
              QUALITY_GATE,
              QUALITY_GATE_REASON,
              QUALITY_GATE_OVERRIDDEN_BY,
              QUALITY_GATE_OVERRIDE_JUSTIFICATION,
              QUALITY_GATE_OVERRIDDEN_AT,
              VERIFIED_WITHOUT_RESULTS)
          .map(VariableFactory::getName)
          .toList();

  /** What the engine's text column holds. */
  static final int MAX_TEXT = 4000;

  /**
   * The results as received and judged; and, when QA overrode the gate's {@code fail}, who did, when and why (null
   * otherwise).
   */
  public record Received(
      String releaseKey,
      String candidate,
      String commit,
      Instant receivedAt,
      String postedBy,
      int passed,
      int failed,
      int skipped,
      Double passRate,
      Integer criticalFailures,
      Double coverage,
      Double coverageChange,
      Integer openBlockers,
      String runUrl,
      String verdict,
      String reason,
      String overriddenBy,
      Instant overriddenAt,
      String overrideJustification) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RuntimeService runtimeService;
  private final ProcessEngineConfigurationImpl engine;
  private final ProductionVersions productionVersions;
  private final JdbcClient jdbc;
  private final QaProperties qa;

  public TestResultsIntake(
      RuntimeService runtimeService,
      ProcessEngineConfigurationImpl engine,
      ProductionVersions productionVersions,
      JdbcClient jdbc,
      QaProperties qa) {
    this.runtimeService = runtimeService;
    this.engine = engine;
    this.productionVersions = productionVersions;
    this.jdbc = jdbc;
    this.qa = qa;
  }

  @Transactional
  public Received receive(String releaseKey, String candidate, TestRun run, String postedBy) {
    return engine
        .getCommandExecutorTxRequired()
        .execute(
            context ->
                context.runWithoutAuthorization(
                    () -> deliver(releaseKey, candidate, run, postedBy)));
  }

  private Received deliver(String releaseKey, String candidate, TestRun run, String postedBy) {
    ProcessInstance release =
        runtimeService
            .createProcessInstanceQuery()
            .processDefinitionKey(ReleaseProcess.KEY)
            .processInstanceBusinessKey(releaseKey)
            .listPage(0, 1)
            .stream()
            .findFirst()
            .orElseThrow(() -> new ReleaseNotFoundException("No running release " + releaseKey));
    Map<String, Object> facts =
        runtimeService.getVariables(
            release.getId(),
            List.of(CANDIDATE_VERSION.getName(), CANDIDATE_COMMIT.getName(), SERVICE.getName()));
    String current = (String) facts.get(CANDIDATE_VERSION.getName());
    String commit = (String) facts.get(CANDIDATE_COMMIT.getName());
    if (current == null) {
      throw new ConflictException(
          releaseKey + " has no release candidate yet; test results belong to a candidate");
    }
    if (!current.equals(candidate)) {
      throw new ConflictException(
          "Candidate "
              + candidate
              + " of "
              + releaseKey
              + " is no longer current: QA "
              + "verifies "
              + current
              + " (commit "
              + shortSha(commit)
              + "); its results are not taken");
    }
    if (run.commit() != null
        && (commit == null
            || !commit
                .toLowerCase(Locale.ROOT)
                .startsWith(run.commit().toLowerCase(Locale.ROOT)))) {
      throw new ConflictException(
          "These results are of commit "
              + run.commit()
              + ", but candidate "
              + candidate
              + " is commit "
              + commit
              + "; results are taken for the candidate's own commit only");
    }
    Double coverageChange =
        coverageChange(releaseKey, (String) facts.get(SERVICE.getName()), run.coverage());
    VariableMap results = variables(run, qa, coverageChange, candidate);
    VariableMap judged;
    try {
      judged =
          runtimeService
              .createMessageCorrelation(ReleaseProcess.MESSAGE_TEST_RESULTS_RECEIVED)
              .processInstanceId(release.getId())
              .processInstanceVariableEquals(CANDIDATE_VERSION.getName(), candidate)
              .setVariables(results)
              .correlateWithResultAndVariables(true)
              .getVariables();
    } catch (MismatchingMessageCorrelationException e) {
      throw new ConflictException(
          releaseKey
              + " is not waiting for test results of "
              + candidate
              + ": they arrived already, or the time for them ran out and QA verifies it by hand");
    }
    var received =
        new Received(
            releaseKey,
            candidate,
            commit,
            Instant.now(),
            postedBy,
            run.passed(),
            run.failed(),
            run.skipped(),
            run.passRate(),
            (Integer) results.get(CRITICAL_FAILURES.getName()),
            run.coverage(),
            coverageChange,
            run.openBlockers(),
            run.runUrl(),
            (String) judged.get(QUALITY_GATE.getName()),
            (String) judged.get(QUALITY_GATE_REASON.getName()),
            null,
            null,
            null);
    CandidateResults.store(
        jdbc, UUID.randomUUID().toString(), (String) facts.get(SERVICE.getName()), received);
    return received;
  }

  /** Coverage points since the service's last version in production, by the results its candidate shipped with. */
  private Double coverageChange(String releaseKey, String service, Double coverage) {
    if (coverage == null || service == null) {
      return null;
    }
    List<String> inProduction = productionVersions.of(service);
    if (inProduction.isEmpty()) {
      return null;
    }
    String lastRelease = service + "@" + inProduction.get(inProduction.size() - 1);
    if (lastRelease.equals(releaseKey)) {
      return null;
    }
    return CandidateResults.shippedCoverage(jdbc, lastRelease)
        .map(previous -> Math.round((coverage - previous) * 10) / 10.0)
        .orElse(null);
  }

  /** The variables the results occupy in the release, as the quality gate reads them and the forms show them. */
  public static VariableMap variables(
      TestRun run, QaProperties qa, Double coverageChange, String candidate) {
    int criticalFailures =
        run.suites().stream()
            .filter(suite -> qa.isCritical(suite.name()))
            .mapToInt(TestRun.Suite::failed)
            .sum();
    return org.camunda.bpm.engine.variable.Variables.createVariables()
        .putValueTyped(TESTS_PASSED.getName(), integerValue(run.passed()))
        .putValueTyped(TESTS_FAILED.getName(), integerValue(run.failed()))
        .putValueTyped(TESTS_SKIPPED.getName(), integerValue(run.skipped()))
        .putValueTyped(PASS_RATE.getName(), doubleValue(run.passRate()))
        .putValueTyped(CRITICAL_FAILURES.getName(), integerValue(criticalFailures))
        .putValueTyped(COVERAGE.getName(), doubleValue(run.coverage()))
        .putValueTyped(COVERAGE_CHANGE.getName(), doubleValue(coverageChange))
        .putValueTyped(OPEN_BLOCKERS.getName(), integerValue(run.openBlockers()))
        .putValueTyped(TEST_RUN_URL.getName(), stringValue(run.runUrl()))
        .putValueTyped(TEST_RESULTS.getName(), stringValue(summary(run, coverageChange)))
        .putValueTyped(FAILED_TESTS.getName(), stringValue(failedTests(run)))
        .putValueTyped(
            Variables.TEST_REPORT,
            fileValue("test-report-" + candidate + ".json")
                .file(report(run))
                .mimeType("application/json")
                .encoding(StandardCharsets.UTF_8)
                .create());
  }

  static String summary(TestRun run, Double coverageChange) {
    var text =
        new StringBuilder()
            .append(run.passed())
            .append(" passed, ")
            .append(run.failed())
            .append(" failed, ")
            .append(run.skipped())
            .append(" skipped");
    if (run.passRate() != null) {
      text.append(" (").append(run.passRate()).append(" % passed)");
    }
    if (run.coverage() != null) {
      text.append(" · coverage ").append(run.coverage()).append(" %");
      if (coverageChange != null) {
        text.append(" (")
            .append(coverageChange >= 0 ? "+" : "")
            .append(coverageChange)
            .append(" since the last release)");
      }
    }
    if (run.openBlockers() != null) {
      text.append(" · ").append(run.openBlockers()).append(" open blocker defect(s)");
    }
    return text.toString();
  }

  /** Markdown within the engine's text column: each failed test with suite, message and the head of its trace. */
  static String failedTests(TestRun run) {
    List<TestRun.FailedTest> failed = run.failedTests();
    var text = new StringBuilder();
    for (int i = 0; i < failed.size(); i++) {
      TestRun.FailedTest test = failed.get(i);
      String entry =
          "- **"
              + test.name()
              + "** ("
              + test.suite()
              + "): "
              + test.message().replace('\n', ' ')
              + (test.trace().isBlank()
                  ? ""
                  : "\n\n  ```\n  "
                      + test.trace().replace("```", "'''").replace("\n", "\n  ")
                      + "\n  ```")
              + "\n";
      String more = "- … and " + (failed.size() - i) + " more failed test(s): see the test report";
      if (text.length() + entry.length() > MAX_TEXT - 80) {
        text.append(more);
        break;
      }
      text.append(entry);
    }
    if (text.isEmpty() && run.failed() > 0) {
      text.append(run.failed()).append(" test(s) failed; CI sent counts only");
    }
    return text.toString();
  }

  private static byte[] report(TestRun run) {
    try {
      return JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(Map.of("suites", run.suites()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Test results cannot be written as JSON", e);
    }
  }

  private static String shortSha(String sha) {
    return sha == null ? "unknown" : sha.substring(0, Math.min(7, sha.length()));
  }
}
