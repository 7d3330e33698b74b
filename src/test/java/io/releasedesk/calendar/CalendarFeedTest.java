package io.releasedesk.calendar;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_ENDS_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.support.ApiClient.releaseRequest;
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
import org.junit.jupiter.api.BeforeEach;
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

  static final LocalDate PLANNED_FOR = LocalDate.now().plusDays(10);
  static final String INVENTORY = "inventory@7.3.0";

  @Autowired TestRestTemplate rest;
  ApiClient api;
  @Autowired RuntimeService runtimeService;
  @Autowired HistoryService historyService;

  static boolean seeded;

  @BeforeEach
  void client() {
    api = new ApiClient(rest);
  }

  /** Freeze windows and one planned release, once for the class. */
  void seed() {
    if (seeded) {
      return;
    }
    // the holidays, entered in Central European Time, for payments only; every weekend for every
    // service
    api.freeze(
        "rita",
        new FreezeRequest(
            "2027-12-24T18:00:00+01:00",
            "2027-12-27T06:00:00+01:00",
            "Holidays",
            List.of("payments"),
            null));
    api.freeze(
        "rita",
        new FreezeRequest(
            "2027-11-27T00:00:00Z",
            "2027-11-29T00:00:00Z",
            "Weekend",
            null,
            "FREQ=WEEKLY;BYDAY=SA"));
    // Rita requests a release of checkout
    var checkout = releaseRequest("checkout", "7.0.0", "Calendar");
    checkout.put(TARGET_DATE.getName(), PLANNED_FOR.toString());
    api.request(checkout);
    api.waitForTask("checkout@7.0.0", TASK_PLAN_RELEASE);
    seeded = true;
  }

  @Test
  void theCalendarShowsPlannedReleasesAndFreezeWindowsWithTheirTimesInUtc() {
    seed();

    Calendar calendar = ics(api.text("rita", "/api/calendar.ics"));

    VEvent planned = event(calendar, "Release checkout@7.0.0 planned");
    assertThat(planned.getStartDate().orElseThrow().getDate()).isEqualTo(PLANNED_FOR);
    assertThat(planned.getEndDate().orElseThrow().getDate()).isEqualTo(PLANNED_FOR.plusDays(1));

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

    Calendar checkout = ics(api.text("rita", "/api/calendar.ics?service=checkout"));

    assertThat(summaries(checkout))
        .contains("Release checkout@7.0.0 planned", "Freeze: Weekend")
        .doesNotContain("Freeze: Holidays");
    assertThat(summaries(ics(api.text("rita", "/api/calendar.ics?service=payments"))))
        .contains("Freeze: Holidays", "Freeze: Weekend")
        .doesNotContain("Release checkout@7.0.0 planned");
    assertThat(api.text("rita", "/api/calendar.ics?service=billing").getStatusCode())
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
    var created = api.call("rita", HttpMethod.POST, "/api/calendar/tokens", null);
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
    var tokens = api.list("rita", "/api/calendar/tokens");
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
    assertThat(
            api.call("devon", HttpMethod.DELETE, "/api/calendar/tokens/" + id, null)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(rest.getForEntity(feed, String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(
            api.call("rita", HttpMethod.DELETE, "/api/calendar/tokens/" + id, null).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(rest.getForEntity(feed, String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(api.list("rita", "/api/calendar/tokens"))
        .extracting(token -> token.get("id"))
        .doesNotContain(id);
  }

  @Test
  void aFeedShowsWhatItsOwnerMayRead() {
    seed();
    String url =
        (String)
            api.call("devon", HttpMethod.POST, "/api/calendar/tokens", null).getBody().get("url");

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
    var inventory = releaseRequest("inventory", "7.3.0", "Stock alerts");
    inventory.put(TARGET_DATE.getName(), LocalDate.now().plusDays(1).toString());
    api.request(inventory);
    api.plan(INVENTORY, "small");
    api.teamsReady(INVENTORY);
    api.waitForTask(INVENTORY, TASK_VERIFY_RELEASE_CANDIDATE);

    // when inventory is frozen for a few more seconds as QA passes the candidate
    Instant freezeEnds = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);
    api.freeze(
        "rita",
        new FreezeRequest(
            Instant.now().minus(1, ChronoUnit.HOURS).toString(),
            freezeEnds.toString(),
            "Stock-taking",
            List.of("inventory"),
            null));
    api.qaPasses(INVENTORY, "Alerts fire");

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
    assertThat(FREEZE_REASON.from(runtimeService, releaseId).get()).isEqualTo("Stock-taking");
    assertThat(FREEZE_ENDS_AT.from(runtimeService, releaseId).get())
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
            ics(api.text("rita", "/api/calendar.ics?service=inventory")),
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
}
