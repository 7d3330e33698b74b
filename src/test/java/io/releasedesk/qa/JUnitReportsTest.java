package io.releasedesk.qa;

import static io.releasedesk.release.ReleaseProcess.Variables.CRITICAL_FAILURES;
import static io.releasedesk.release.ReleaseProcess.Variables.FAILED_TESTS;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_RESULTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.releasedesk.qa.JUnitReports.Upload;
import io.releasedesk.qa.TestRun.FailedTest;
import io.releasedesk.qa.TestRun.Suite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Reports as Surefire, Gradle, pytest and Jest write them (fixtures in test-reports/), and what is refused. */
class JUnitReportsTest {

  static final String SUREFIRE = "TEST-io.shop.payments.CheckoutTest.xml";
  static final String GRADLE = "gradle-TEST-io.shop.ledger.BalanceTest.xml";
  static final String PYTEST = "pytest-junit.xml";
  static final String JEST = "jest-junit.xml";

  JUnitReports reports = new JUnitReports(QaProperties.waitingFor(Duration.ofHours(2)));

  @Test
  void surefireCountsFailuresAndErrorsAsFailedWithMessageAndTheHeadOfTheTrace() {
    List<Suite> suites = reports.read(List.of(fixture(SUREFIRE)));

    assertThat(suites)
        .extracting(Suite::name, Suite::passed, Suite::failed, Suite::skipped)
        .containsExactly(tuple("io.shop.payments.CheckoutTest", 1, 2, 1));
    FailedTest refused = suites.get(0).failedTests().get(0);
    assertThat(refused.name()).isEqualTo("refusesExpiredCard");
    assertThat(refused.message()).isEqualTo("expected: <DECLINED> but was: <APPROVED>");
    assertThat(refused.trace().lines())
        .hasSize(JUnitReports.TRACE_LINES)
        .first()
        .isEqualTo("org.opentest4j.AssertionFailedError: expected: <DECLINED> but was: <APPROVED>");
    assertThat(refused.trace()).doesNotContain("Method.invoke");
    assertThat(suites.get(0).failedTests().get(1).message()).isEqualTo("Connection refused");
  }

  @Test
  void gradlePytestAndJestReportsAreReadAlikeAndMakeOneRunTogether() {
    List<Suite> suites = reports.read(List.of(fixture(GRADLE), fixture(PYTEST), fixture(JEST)));

    assertThat(suites)
        .extracting(Suite::name, Suite::passed, Suite::failed, Suite::skipped)
        .containsExactly(
            tuple("io.shop.ledger.BalanceTest", 3, 0, 0),
            tuple("pytest", 3, 1, 1),
            tuple("Cart", 1, 1, 0),
            tuple("Smoke checkout", 2, 0, 0));
    FailedTest pytest = suites.get(1).failedTests().get(0);
    assertThat(pytest.name()).isEqualTo("tests.test_search.test_ranks_exact_match_first");
    assertThat(pytest.message()).startsWith("AssertionError: assert 'Dune Messiah' == 'Dune'");
    // jest-junit writes no message: the first line of the trace stands in
    FailedTest jest = suites.get(2).failedTests().get(0);
    assertThat(jest.name()).isEqualTo("Cart applies the discount");
    assertThat(jest.message())
        .isEqualTo("Error: expect(received).toBe(expected) // Object.is equality");
    var run = new TestRun(suites, null, null, null, null);
    assertThat(run.passed()).isEqualTo(9);
    assertThat(run.failed()).isEqualTo(2);
    assertThat(run.passRate()).isEqualTo(81.8);
  }

  @Test
  void aZipOfReportsIsReadPassingOverFilesThatAreNoReports() {
    byte[] zip =
        zip(
            List.of(
                fixture(SUREFIRE),
                fixture(PYTEST),
                new Upload(
                    "io.shop.payments.CheckoutTest.txt",
                    "Tests run: 4".getBytes(StandardCharsets.UTF_8))));

    assertThat(reports.read(List.of(new Upload("reports.zip", zip))))
        .extracting(Suite::name)
        .containsExactly("io.shop.payments.CheckoutTest", "pytest");
  }

  @Test
  void anExternalEntityIsRefusedAndNothingIsFetched() {
    String xxe =
        """
        <?xml version="1.0"?>
        <!DOCTYPE testsuite [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <testsuite name="evil"><testcase name="t"><failure message="&secret;"/></testcase></testsuite>""";

    assertThatThrownBy(() -> reports.read(List.of(upload("evil.xml", xxe))))
        .isInstanceOf(InvalidTestResultsException.class)
        .hasMessageContaining("evil.xml is not well-formed XML")
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void expandingEntitiesAreRefusedToo() {
    String lol =
        """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
        <testsuite name="&lol2;"/>""";

    assertThatThrownBy(() -> reports.read(List.of(upload("lol.xml", lol))))
        .isInstanceOf(InvalidTestResultsException.class)
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void malformedXmlIsRefusedNamingFileAndPlace() {
    assertThatThrownBy(
            () ->
                reports.read(
                    List.of(upload("broken.xml", "<testsuite name=\"a\"><testcase></testsuite>"))))
        .isInstanceOf(InvalidTestResultsException.class)
        .hasMessageStartingWith("Test report broken.xml is not well-formed XML (line 1, column");
  }

  @Test
  void xmlThatIsNoJUnitReportIsRefused() {
    assertThatThrownBy(
            () ->
                reports.read(
                    List.of(
                        upload(
                            "pom.xml", "<project><modelVersion>4.0.0</modelVersion></project>"))))
        .isInstanceOf(InvalidTestResultsException.class)
        .hasMessage(
            "Test report pom.xml is not JUnit XML: its root element is <project>, not <testsuite> or <testsuites>");
  }

  @Test
  void aReportLargerThanTheLimitIsRefused() {
    var small =
        new JUnitReports(
            new QaProperties(
                Duration.ofHours(2),
                List.of(),
                DataSize.ofKilobytes(1),
                DataSize.ofMegabytes(1),
                10));
    String big = "<testsuite name=\"big\">" + "<testcase name=\"t\"/>".repeat(100) + "</testsuite>";

    assertThatThrownBy(() -> small.read(List.of(upload("big.xml", big))))
        .isInstanceOf(InvalidTestResultsException.class)
        .hasMessageContaining("Test report big.xml is larger than");
  }

  @Test
  void aZipBombStopsAtTheLimitWhateverItsEntriesClaim() {
    var limited =
        new JUnitReports(
            new QaProperties(
                Duration.ofHours(2),
                List.of(),
                DataSize.ofMegabytes(1),
                DataSize.ofMegabytes(2),
                10));
    // 3 entries of 1 MB of zeros each: a few kilobytes compressed, 3 MB uncompressed
    byte[] zeros = new byte[1024 * 1024 - 1];
    byte[] bomb =
        zip(
            List.of(
                new Upload("a.xml", zeros),
                new Upload("b.xml", zeros),
                new Upload("c.xml", zeros)));
    assertThat(bomb.length).isLessThan(20_000);

    assertThatThrownBy(() -> limited.read(List.of(new Upload("bomb.zip", bomb))))
        .isInstanceOf(InvalidTestResultsException.class)
        .hasMessageContaining("larger than 2 MB together, uncompressed");
  }

  @Test
  void aZipWithoutReportsOrWithAZipInsideIsRefused() {
    byte[] nothing =
        zip(List.of(new Upload("notes.txt", "hello".getBytes(StandardCharsets.UTF_8))));
    assertThatThrownBy(() -> reports.read(List.of(new Upload("empty.zip", nothing))))
        .hasMessage("empty.zip holds no .xml test report");

    byte[] nested = zip(List.of(new Upload("inner.zip", zip(List.of(fixture(PYTEST))))));
    assertThatThrownBy(() -> reports.read(List.of(new Upload("outer.zip", nested))))
        .hasMessageContaining("outer.zip!inner.zip is a zip inside a zip");
  }

  @Test
  void theQualityGateSeesFailuresOfCriticalSuitesOnly() {
    var qa = QaProperties.waitingFor(Duration.ofHours(2), "Smoke*", "Cart");
    var run =
        new TestRun(reports.read(List.of(fixture(JEST), fixture(PYTEST))), 81.5, null, 0, null);

    var variables = TestResultsIntake.variables(run, qa, -1.5, "2.4.0-rc.1");

    assertThat(variables.get(CRITICAL_FAILURES.getName())).isEqualTo(1);
    assertThat(variables.get(TEST_RESULTS.getName()))
        .isEqualTo(
            "6 passed, 2 failed, 1 skipped (75.0 % passed) · coverage 81.5 % (-1.5 since the last release)"
                + " · 0 open blocker defect(s)");
    assertThat((String) variables.get(FAILED_TESTS.getName()))
        .contains("- **Cart applies the discount** (Cart): Error:")
        .contains("**tests.test_search.test_ranks_exact_match_first** (pytest)");
  }

  @Test
  void theListOfFailedTestsFitsTheEnginesTextColumn() {
    String many =
        "<testsuite name=\"flaky\">"
            + ("<testcase name=\"t\"><failure message=\""
                    + "x".repeat(250)
                    + "\">at a\nat b</failure></testcase>")
                .repeat(200)
            + "</testsuite>";
    var run = new TestRun(reports.read(List.of(upload("flaky.xml", many))), null, null, null, null);

    String failed = TestResultsIntake.failedTests(run);

    assertThat(failed.length()).isLessThanOrEqualTo(TestResultsIntake.MAX_TEXT);
    assertThat(failed).endsWith("more failed test(s): see the test report");
  }

  static Upload fixture(String name) {
    try (InputStream in = JUnitReportsTest.class.getResourceAsStream("/test-reports/" + name)) {
      return new Upload(name, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Upload upload(String name, String xml) {
    return new Upload(name, xml.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] zip(List<Upload> files) {
    var bytes = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(bytes)) {
      for (Upload file : files) {
        zip.putNextEntry(new ZipEntry(file.name()));
        zip.write(file.content());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
