package io.releasedesk.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.metrics.KnownHistory;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
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
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class CockpitReleaseDashboardBrowserTest {

  static final Path SCREENSHOTS = Path.of("target", "browser-tests");
  static final String MANAGER = "mona";
  static final String PLANNED = "search@7.3.0";

  @RegisterExtension
  static WireMockExtension environments =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void environments(DynamicPropertyRegistry registry) {
    String staging = "releasedesk.deployment.environments.staging.";
    registry.add(staging + "target", () -> "webhook");
    registry.add(staging + "webhook-url", () -> environments.baseUrl() + "/deploy/staging");
    registry.add(staging + "health-url", () -> environments.baseUrl() + "/health/staging");
    String production = "releasedesk.deployment.environments.production.";
    registry.add(production + "target", () -> "manual");
    registry.add(production + "health-url", () -> environments.baseUrl() + "/health/production");
    // a retried webhook would wait a minute of the engine's clock, which stands still here: time
    // enough to answer
    registry.add("releasedesk.deployment.request-timeout", () -> "PT10S");
  }

  @Autowired RuntimeService runtimeService;
  @Autowired ProcessEngine engine;
  @Autowired HistoryService historyService;
  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  Cockpit cockpit;

  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      context -> {
        if (context.getExecutionException().isPresent() && cockpit != null) {
          cockpit.screenshot(
              SCREENSHOTS.resolve("failed-" + context.getRequiredTestMethod().getName() + ".png"));
        }
      };

  /** The known history from a Monday two to three weeks ago, a release in planning now, a freeze window ahead. */
  /** Made once for the class (WireMock starts after Spring has injected the test, so not in a static @BeforeAll). */
  static boolean built;

  @BeforeEach
  void history() {
    if (built) {
      return;
    }
    built = true;
    Tasklist.assumeBrowserInstalled();
    environments.stubFor(
        post(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    environments.stubFor(
        get(urlEqualTo("/health/production")).willReturn(aResponse().withStatus(200)));
    // the stubs answer once before the releases call them, so that no first call is slow
    rest.getForEntity(environments.baseUrl() + "/health/staging", String.class);
    LocalDate monday =
        LocalDate.now(ZoneOffset.UTC)
            .minusDays(14)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    try {
      new KnownHistory(rest, engine).build(monday.atTime(8, 0).toInstant(ZoneOffset.UTC));
    } finally {
      ClockUtil.reset();
    }
    var api = new ApiClient(rest);
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases",
                    Map.of(
                        "service",
                        "search",
                        "version",
                        "7.3.0",
                        "targetDate",
                        LocalDate.now().plusDays(10).toString(),
                        "releaseType",
                        "regular",
                        "scopeSummary",
                        "Synonyms in search",
                        "hasDatabaseMigrations",
                        false,
                        "customerFacing",
                        false))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                runtimeService
                        .createExecutionQuery()
                        .processInstanceBusinessKey(PLANNED)
                        .activityId(ReleaseProcess.Elements.TASK_PLAN_RELEASE)
                        .count()
                    == 1);
    Instant freeze = LocalDate.now().plusDays(20).atStartOfDay().toInstant(ZoneOffset.UTC);
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/api/freezes",
                    Map.of(
                        "start",
                        freeze.toString(),
                        "end",
                        freeze.plus(Duration.ofDays(3)).toString(),
                        "reason",
                        "Year-end sale",
                        "services",
                        List.of()))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
  }

  @AfterAll
  static void realTime() {
    ClockUtil.reset();
  }

  @BeforeEach
  void openCockpit() {
    cockpit = Cockpit.open("http://localhost:" + port);
  }

  @AfterEach
  void closeCockpit() {
    if (cockpit != null) {
      cockpit.close();
    }
  }

  @Test
  void aViewerSeesTheFiguresOfTheApiTheReleasesNowAndWhereTimeGoes() {
    // when: Mona opens the Release dashboard from Cockpit's navigation
    cockpit.logIn(MANAGER, MANAGER);
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
        new ApiClient(rest)
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
