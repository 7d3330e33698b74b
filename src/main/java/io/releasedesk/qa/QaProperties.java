package io.releasedesk.qa;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of quality assurance on evidence.
 *
 * @param resultsTimeout how long a release waits on staging for its candidate's test results before QA verifies by
 *     hand
 * @param criticalSuites test suites whose failures fail the quality gate outright: names, {@code *} standing for any
 *     text (e.g. {@code *Smoke*}); none by default
 * @param maxReportSize the largest test report (an XML file, also inside a zip) that is read
 * @param maxTotalSize the most uncompressed bytes one upload may bring, all reports and zip entries together
 * @param maxReports the most report files one upload may bring, zip entries included
 */
@Validated
@ConfigurationProperties("releasedesk.qa")
public record QaProperties(
    @NotNull @DefaultValue("PT2H") Duration resultsTimeout,
    @NotNull @DefaultValue List<String> criticalSuites,
    @NotNull @DefaultValue("10MB") DataSize maxReportSize,
    @NotNull @DefaultValue("50MB") DataSize maxTotalSize,
    @DefaultValue("1000") int maxReports) {

  /** The defaults, with this timeout. */
  public static QaProperties waitingFor(Duration resultsTimeout, String... criticalSuites) {
    return new QaProperties(
        resultsTimeout,
        List.of(criticalSuites),
        DataSize.ofMegabytes(10),
        DataSize.ofMegabytes(50),
        1000);
  }

  boolean isCritical(String suite) {
    return criticalSuites.stream().anyMatch(pattern -> glob(pattern, suite));
  }

  private static boolean glob(String pattern, String text) {
    String regex =
        java.util.Arrays.stream(pattern.split("\\*", -1))
            .map(java.util.regex.Pattern::quote)
            .collect(java.util.stream.Collectors.joining(".*"));
    return text != null && text.matches(regex);
  }
}
