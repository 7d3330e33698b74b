package io.releasedesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.metrics.KnownHistory;
import io.releasedesk.release.ReleaseProcess;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A manager opens Cockpit's "Release dashboard" (scripts/release-dashboard.js), in a real (headless) browser, as a
 * release viewer with Cockpit's own session: the four delivery metrics of a known history as the API computes them,
 * with their trend charts, the release now in planning, the coming freeze window, the slowest steps, and no open
 * action item; nothing on the page changes anything.
 *
 * <p>Skipped without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}. Screenshots go to
 * {@code target/browser-tests/}: the dashboard on every run (docs/images/ has a copy), the page of a failed test.
 */
@BrowserTest
class CockpitReleaseDashboardBrowserTest extends BrowserTestSupport {

  static final String MANAGER = "mona";
  static final String PLANNED = "search@7.3.0";

  @RegisterExtension static WireMockExtension targets = DeploymentTargets.peer();

  @DynamicPropertySource
  static void targets(DynamicPropertyRegistry registry) {
    DeploymentTargets.answeredBy(targets, registry);
  }

  /** A window of the freeze calendar, as {@code POST /api/freezes} takes it. */
  record Freeze(String start, String end, String reason, List<String> services) {}

  @Autowired ProcessEngine engine;

  Cockpit cockpit;

  /** The known history from a Monday two to three weeks ago, a release in planning now, a freeze window ahead. */
  @BeforeEach
  void history() {
    DeploymentTargets.accepting(targets);
    // the stubs answer once before the releases call them, so that no first call is slow
    rest.getForEntity(targets.baseUrl() + "/health/staging", String.class);
    LocalDate monday =
        LocalDate.now(ZoneOffset.UTC)
            .minusDays(14)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    try {
      new KnownHistory(rest, engine).build(monday.atTime(8, 0).toInstant(ZoneOffset.UTC));
    } finally {
      ClockUtil.reset();
    }
    request("search", "7.3.0", "Synonyms in search", LocalDate.now().plusDays(10), false);
    taskOf(PLANNED, ReleaseProcess.Elements.TASK_PLAN_RELEASE);
    Instant freeze = LocalDate.now().plusDays(20).atStartOfDay().toInstant(ZoneOffset.UTC);
    assertThat(
            api()
                .call(
                    REQUESTER,
                    HttpMethod.POST,
                    "/api/freezes",
                    new Freeze(
                        freeze.toString(),
                        freeze.plus(Duration.ofDays(3)).toString(),
                        "Year-end sale",
                        List.of()))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
  }

  @AfterAll
  static void realTime() {
    ClockUtil.reset();
  }

  @Test
  void aViewerSeesTheFiguresOfTheApiTheReleasesNowAndWhereTimeGoes() {
    // when: Mona opens the Release dashboard from Cockpit's navigation
    cockpit = cockpitAs(MANAGER);
    cockpit
        .wait
        .until(
            ExpectedConditions.elementToBeClickable(By.cssSelector("a.releasedesk-dashboard-link")))
        .click();
    cockpit.wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector(".rd-dash[aria-busy=false]")));
    cockpit.screenshot(SCREENSHOTS.resolve("cockpit-release-dashboard.png"));

    // then: the four figures as the API computes them over the dashboard's twelve weeks, each with
    // its chart
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Map<String, Object> metrics =
        api()
            .call(
                MANAGER,
                HttpMethod.GET,
                "/api/metrics?from=" + today.minusDays(83) + "&to=" + today + "&bucket=week",
                null)
            .getBody();
    double frequency = ((Number) value(metrics, "deploymentFrequency")).doubleValue();
    assertThat(figure("deploymentFrequency"))
        .startsWith(
            String.format(java.util.Locale.ROOT, "%.1f", frequency).replaceFirst("\\.0$", "")
                + " deployments per week");
    assertThat(figure("changeFailureRate")).isEqualTo("40 %");
    assertThat(figure("timeToRestore")).isEqualTo("4 h");
    assertThat(figure("leadTimeForChanges")).isNotEqualTo("no release counted");
    for (String metric :
        List.of(
            "deploymentFrequency", "leadTimeForChanges", "changeFailureRate", "timeToRestore")) {
      WebElement chart = tile(metric).findElement(By.cssSelector("svg.rd-chart"));
      assertThat(chart.findElements(By.cssSelector("rect.rd-bar, circle.rd-dot")))
          .as(metric)
          .isNotEmpty();
    }

    // the release in planning, now and ahead; the freeze window; the slowest steps; no open action
    // item
    assertThat(text(".rd-phases tr[data-phase='Planning'] .rd-count")).isEqualTo("1");
    assertThat(text(".rd-upcoming"))
        .contains(PLANNED, LocalDate.now().plusDays(10).toString(), "Planning");
    assertThat(text(".rd-freezes")).contains("Year-end sale", "all");
    assertThat(cockpit.driver.findElements(By.cssSelector(".rd-steps tbody tr"))).isNotEmpty();
    assertThat(text(".rd-steps")).contains("Plan release");
    assertThat(text(".rd-actions")).contains("None: no action item is open.");
    assertThat(cockpit.driver.findElements(By.cssSelector(".rd-error"))).isEmpty();

    // read-only: nothing to submit or press, only the period to choose
    assertThat(
            cockpit.driver.findElements(
                By.cssSelector(".rd-dash button, .rd-dash input, .rd-dash form")))
        .isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Object value(Map<String, Object> metrics, String metric) {
    return ((Map<String, Object>) metrics.get(metric)).get("value");
  }

  private WebElement tile(String metric) {
    return cockpit.driver.findElement(By.cssSelector(".rd-figure[data-metric='" + metric + "']"));
  }

  private String figure(String metric) {
    return tile(metric).findElement(By.cssSelector(".rd-figure-value")).getText().strip();
  }

  private String text(String selector) {
    return cockpit.driver.findElement(By.cssSelector(selector)).getText();
  }
}
