package io.releasedesk.calendar;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.RRule;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The release calendar: what it shows (planned releases, production deployments, freeze windows), read back with
 * ical4j; HTTP Basic or a personal feed token; and a release that reaches production inside a freeze window, waiting
 * in the running application until the window ends.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class CalendarFeedTest {

  @RegisterExtension
  static WireMockExtension environments =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void webhookEnvironments(DynamicPropertyRegistry registry) {
    for (String environment : List.of("staging", "production")) {
      String prefix = "releasedesk.deployment.environments." + environment + ".";
      registry.add(prefix + "target", () -> "webhook");
      registry.add(prefix + "webhook-url", () -> environments.baseUrl() + "/deploy/" + environment);
      registry.add(prefix + "health-url", () -> environments.baseUrl() + "/health/" + environment);
    }
  }

  static final LocalDate TARGET_DATE = LocalDate.now().plusDays(10);
  static final String INVENTORY = "inventory@7.3.0";

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired HistoryService historyService;

  static boolean seeded;

  /** Freeze windows and one planned release, once for the class. */
  void seed() {
    if (seeded) {
      return;
    }
    // the holidays, entered in Central European Time, for payments only; every weekend for every
    // service
    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/api/freezes",
                    Map.of(
                        "start",
                        "2027-12-24T18:00:00+01:00",
                        "end",
                        "2027-12-27T06:00:00+01:00",
                        "reason",
                        "Holidays",
                        "services",
                        List.of("payments")))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/api/freezes",
                    Map.of(
                        "start",
                        "2027-11-27T00:00:00Z",
                        "end",
                        "2027-11-29T00:00:00Z",
                        "reason",
                        "Weekend",
                        "recurrence",
                        "FREQ=WEEKLY;BYDAY=SA"))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    // Rita requests a release of checkout
    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases",
                    Map.of(
                        "service",
                        "checkout",
                        "version",
                        "7.0.0",
                        "targetDate",
                        TARGET_DATE.toString(),
                        "releaseType",
                        "regular",
                        "scopeSummary",
                        "Calendar",
                        "hasDatabaseMigrations",
                        false,
                        "customerFacing",
                        false))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    waitForTask("checkout@7.0.0", "Task_PlanRelease");
    seeded = true;
  }

  @Test
  void theCalendarShowsPlannedReleasesAndFreezeWindowsWithTheirTimesInUtc() {
    seed();

    Calendar calendar =
        ics(rest.withBasicAuth("rita", "rita").getForEntity("/api/calendar.ics", String.class));

    VEvent planned = event(calendar, "Release checkout@7.0.0 planned");
    assertThat(planned.getStartDate().orElseThrow().getDate()).isEqualTo(TARGET_DATE);
    assertThat(planned.getEndDate().orElseThrow().getDate()).isEqualTo(TARGET_DATE.plusDays(1));

    // 18:00 in Central European Time is 17:00 UTC
    VEvent holidays = event(calendar, "Freeze: Holidays");
    assertThat(Instant.from(holidays.getStartDate().orElseThrow().getDate()))
        .isEqualTo(Instant.parse("2027-12-24T17:00:00Z"));
    assertThat(Instant.from(holidays.getEndDate().orElseThrow().getDate()))
        .isEqualTo(Instant.parse("2027-12-27T05:00:00Z"));
    assertThat(holidays.<RRule<?>>getProperty(Property.RRULE)).isEmpty();
    assertThat(holidays.getDescription().getValue())
        .contains("Releases of payments wait before production");

    VEvent weekends = event(calendar, "Freeze: Weekend");
    assertThat(weekends.<RRule<?>>getProperty(Property.RRULE).orElseThrow().getValue())
        .isEqualTo("FREQ=WEEKLY;BYDAY=SA");
    assertThat(weekends.getDescription().getValue()).contains("Releases of all services wait");
  }

  @Test
  void theCalendarOfOneServiceShowsOnlyWhatConcernsIt() {
    seed();

    Calendar checkout =
        ics(
            rest.withBasicAuth("rita", "rita")
                .getForEntity("/api/calendar.ics?service=checkout", String.class));

    assertThat(summaries(checkout))
        .contains("Release checkout@7.0.0 planned", "Freeze: Weekend")
        .doesNotContain("Freeze: Holidays");
    assertThat(
            summaries(
                ics(
                    rest.withBasicAuth("rita", "rita")
                        .getForEntity("/api/calendar.ics?service=payments", String.class))))
        .contains("Freeze: Holidays", "Freeze: Weekend")
        .doesNotContain("Release checkout@7.0.0 planned");
    assertThat(
            rest.withBasicAuth("rita", "rita")
                .getForEntity("/api/calendar.ics?service=billing", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void theCalendarNeedsCredentials() {
    assertThat(rest.getForEntity("/api/calendar.ics", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(
            rest.withBasicAuth("rita", "wrong")
                .getForEntity("/api/calendar.ics", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aFeedTokenLetsACalendarClientSubscribeWithoutCredentialsUntilItIsRevoked() {
    seed();

    // Rita creates a token and gets the feed's URL
    var created = call("rita", HttpMethod.POST, "/api/calendar/tokens", null);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String url = (String) created.getBody().get("url");
    String id = (String) created.getBody().get("id");
    assertThat(url).matches("http://localhost:\\d+/api/calendar/feed/[0-9a-f]{96}\\.ics");
    String feed = URI.create(url).getPath();

    // a calendar client reads it without credentials: what Rita reads
    ResponseEntity<String> answer = rest.getForEntity(feed, String.class);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(answer.getHeaders().getContentType().toString()).startsWith("text/calendar");
    assertThat(summaries(ics(answer)))
        .contains("Release checkout@7.0.0 planned", "Freeze: Holidays");
    assertThat(summaries(ics(rest.getForEntity(feed + "?service=payments", String.class))))
        .contains("Freeze: Holidays")
        .doesNotContain("Release checkout@7.0.0 planned");

    // her tokens are listed without their secret
    var tokens = new ApiClient(rest).list("rita", "/api/calendar/tokens");
    assertThat(tokens).extracting(token -> token.get("id")).contains(id);
    assertThat(tokens.toString())
        .doesNotContain(feed.substring(feed.lastIndexOf('/') + 1 + 32, feed.length() - 4));

    // a wrong token is refused, and so is the feed once Rita revoked it (nobody else may)
    String wrong =
        feed.substring(0, feed.length() - 5)
            + (feed.charAt(feed.length() - 5) == '0' ? "1" : "0")
            + ".ics";
    assertThat(rest.getForEntity(wrong, String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.getForEntity("/api/calendar/feed/nothing.ics", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(call("devon", HttpMethod.DELETE, "/api/calendar/tokens/" + id, null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(rest.getForEntity(feed, String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(call("rita", HttpMethod.DELETE, "/api/calendar/tokens/" + id, null).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(rest.getForEntity(feed, String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(new ApiClient(rest).list("rita", "/api/calendar/tokens"))
        .extracting(token -> token.get("id"))
        .doesNotContain(id);
  }

  @Test
  void aFeedShowsWhatItsOwnerMayRead() {
    seed();
    String url =
        (String) call("devon", HttpMethod.POST, "/api/calendar/tokens", null).getBody().get("url");

    // Devon has no task in Rita's release, so he does not read it; freeze windows everybody reads
    assertThat(summaries(ics(rest.getForEntity(URI.create(url).getPath(), String.class))))
        .contains("Freeze: Holidays", "Freeze: Weekend")
        .doesNotContain("Release checkout@7.0.0 planned");
  }

  @Test
  void aReleaseThatReachesProductionInAFreezeWaitsUntilItEndsAndIsThenInTheCalendar() {
    environments.stubFor(
        post(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        post(urlEqualTo("/deploy/production")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    environments.stubFor(
        get(urlEqualTo("/health/production")).willReturn(aResponse().withStatus(200)));

    // a small internal release of inventory, approved by the rules once QA passes it
    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases",
                    Map.of(
                        "service",
                        "inventory",
                        "version",
                        "7.3.0",
                        "targetDate",
                        LocalDate.now().plusDays(1).toString(),
                        "releaseType",
                        "regular",
                        "scopeSummary",
                        "Stock alerts",
                        "hasDatabaseMigrations",
                        false,
                        "customerFacing",
                        false))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    work("rita", INVENTORY, "Task_PlanRelease", Map.of("changeSize", "small"));
    work(
        "devon",
        INVENTORY,
        "Task_ConfirmDevelopmentReadiness",
        Map.of("developmentReadiness", "ready"));
    work("quinn", INVENTORY, "Task_ConfirmQaReadiness", Map.of("qaReadiness", "ready"));
    work(
        "otto",
        INVENTORY,
        "Task_ConfirmOperationsReadiness",
        Map.of("operationsReadiness", "ready"));
    waitForTask(INVENTORY, "Task_VerifyReleaseCandidate");

    // when inventory is frozen for a few more seconds as QA passes the candidate
    Instant freezeEnds = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);
    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/api/freezes",
                    Map.of(
                        "start",
                        Instant.now().minus(1, ChronoUnit.HOURS).toString(),
                        "end",
                        freezeEnds.toString(),
                        "reason",
                        "Stock-taking",
                        "services",
                        List.of("inventory")))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    work(
        "quinn",
        INVENTORY,
        "Task_VerifyReleaseCandidate",
        Map.of("qaResult", "pass", "defectsFound", 0, "testSummary", "Alerts fire"));

    // then the release waits at the timer, saying why and until when
    String releaseId =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    runtimeService
                        .createProcessInstanceQuery()
                        .processInstanceBusinessKey(INVENTORY)
                        .activityIdIn(Elements.EVENT_FREEZE_WINDOW_OVER)
                        .listPage(0, 1)
                        .stream()
                        .findFirst()
                        .map(r -> r.getId()),
                Optional::isPresent)
            .orElseThrow();
    assertThat(runtimeService.getVariable(releaseId, "freezeReason")).isEqualTo("Stock-taking");
    assertThat(runtimeService.getVariable(releaseId, "freezeEndsAt"))
        .isEqualTo(freezeEnds.toString());

    // and when the window ends, it goes to production by itself
    HistoricActivityInstance deployment =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    historyService
                        .createHistoricActivityInstanceQuery()
                        .processInstanceId(releaseId)
                        .activityId(Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION)
                        .finished()
                        .listPage(0, 1)
                        .stream()
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();
    assertThat(deployment.getStartTime().toInstant()).isAfterOrEqualTo(freezeEnds);

    // the calendar shows the deployment, when it happened
    VEvent deployed =
        event(
            ics(
                rest.withBasicAuth("rita", "rita")
                    .getForEntity("/api/calendar.ics?service=inventory", String.class)),
            "Release inventory@7.3.0 deployed to production");
    assertThat(Instant.from(deployed.getStartDate().orElseThrow().getDate()))
        .isEqualTo(deployment.getStartTime().toInstant().truncatedTo(ChronoUnit.SECONDS));
  }

  @AfterAll
  static void forgetReleases(@Autowired RuntimeService runtimeService) {
    Cleanup.forgetReleases(runtimeService);
  }

  static Calendar ics(ResponseEntity<String> answer) {
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
    try {
      return new CalendarBuilder().build(new StringReader(answer.getBody()));
    } catch (Exception e) {
      throw new AssertionError("Not iCalendar: " + answer.getBody(), e);
    }
  }

  static List<String> summaries(Calendar calendar) {
    return calendar.<VEvent>getComponents(Component.VEVENT).stream()
        .map(event -> event.getSummary().getValue())
        .toList();
  }

  static VEvent event(Calendar calendar, String summary) {
    return calendar.<VEvent>getComponents(Component.VEVENT).stream()
        .filter(event -> summary.equals(event.getSummary().getValue()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No event '" + summary + "' in " + calendar));
  }

  void work(String user, String releaseKey, String taskKey, Map<String, Object> values) {
    String taskId = waitForTask(releaseKey, taskKey);
    assertThat(
            call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/claim",
                    Map.of("userId", user))
                .getStatusCode())
        .as("%s claims %s", user, taskKey)
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(
            call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/submit-form",
                    Map.of("variables", variables(values)))
                .getStatusCode())
        .as("%s completes %s", user, taskKey)
        .isIn(HttpStatus.OK, HttpStatus.NO_CONTENT);
  }

  /** Waits until the job executor has moved the release on to an open task of this kind. */
  String waitForTask(String releaseKey, String taskKey) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              var tasks =
                  new ApiClient(rest)
                      .list(
                          "admin",
                          "/engine-rest/task?maxResults=10&taskDefinitionKey="
                              + taskKey
                              + "&processInstanceBusinessKey="
                              + releaseKey);
              return tasks == null || tasks.isEmpty() ? null : (String) tasks.get(0).get("id");
            },
            id -> id != null);
  }

  ResponseEntity<Map<String, Object>> call(
      String user, HttpMethod method, String path, Object body) {
    return new ApiClient(rest).call(user, method, path, body);
  }
}
