package io.releasedesk.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Variables.FIRST_COMMIT_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import io.releasedesk.versioning.ShippedChanges;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The delivery metrics of a {@link KnownHistory}, made by running five releases through the engine with its clock
 * moved, checked against figures computed by hand: payments 7.1.0 and checkout 7.1.0 go to production and are
 * successful; payments 7.2.0 goes to production, an incident is reported two hours later and it is classified failed;
 * the hotfix payments 7.2.1 repairs it four hours after that report; checkout 7.2.0 fails its production deployment
 * and is rolled back. (The observation after production, another part of the lifecycle, classifies releases; the
 * history sets what it records as runtime variables of each release before it ends.) Also: where time goes, bad
 * filters, the webapps' session, and Prometheus.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@AutoConfigureObservability(tracing = false) // Spring Boot tests export no metrics unless asked to
class MetricsApiTest {

  /** Monday, 3 March 2031, 08:00 UTC: the first week of the history. */
  static final Instant D = Instant.parse("2031-03-03T08:00:00Z");

  static final String PERIOD = "from=2031-03-03&to=2031-03-16";

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

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired ProcessEngine engine;
  @Autowired HistoryService historyService;
  @Autowired ShippedChanges shippedChanges;
  @Autowired ServiceCatalog catalog;
  @LocalServerPort int port;

  /** Made once for the class (WireMock starts after Spring has injected the test, so not in a static @BeforeAll). */
  static boolean built;

  @BeforeEach
  void aKnownHistory() {
    if (built) {
      return;
    }
    built = true;
    environments.stubFor(
        post(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    environments.stubFor(
        get(urlEqualTo("/health/production")).willReturn(aResponse().withStatus(200)));
    // the stubs answer once before the releases call them, so that no first call is slow
    rest.getForEntity(environments.baseUrl() + "/health/staging", String.class);

    new KnownHistory(rest, engine).build(D);
  }

  @AfterAll
  static void realTime() {
    ClockUtil.reset();
  }

  @Test
  @Order(1)
  @SuppressWarnings("unchecked")
  void theFourMetricsOfTheHistoryAreThoseComputedByHand() throws Exception {
    JsonNode metrics = json(read("rita", "/api/metrics?" + PERIOD + "&bucket=week"));

    // four healthy production deployments in two weeks: one in the first, three in the second
    JsonNode frequency = metrics.path("deploymentFrequency");
    assertThat(frequency.path("unit").asText()).isEqualTo("deployments per week");
    assertThat(frequency.path("value").asDouble()).isEqualTo(2.0);
    assertThat(trend(frequency))
        .containsExactly(tuple("2031-03-03", 1.0, 1), tuple("2031-03-10", 3.0, 3));
    assertThat(keys(frequency))
        .containsExactly("payments@7.1.0", "checkout@7.1.0", "payments@7.2.0", "payments@7.2.1");
    assertThat(frequency.path("byService").path("payments").path("value").asDouble())
        .isEqualTo(1.5);
    assertThat(frequency.path("byService").path("checkout").path("value").asDouble())
        .isEqualTo(0.5);

    // two failed (the incident, the roll-back) of five classified releases in production
    JsonNode failureRate = metrics.path("changeFailureRate");
    assertThat(failureRate.path("unit").asText()).isEqualTo("ratio");
    assertThat(failureRate.path("value").asDouble()).isEqualTo(0.4);
    assertThat(failureRate.path("releases").asInt()).isEqualTo(5);
    assertThat(trend(failureRate))
        .containsExactly(tuple("2031-03-03", 0.0, 1), tuple("2031-03-10", 0.5, 4));
    assertThat(failureRate.path("byService").path("checkout").path("value").asDouble())
        .isEqualTo(0.5);
    assertThat(failureRate.path("byService").path("payments").path("value").asDouble())
        .isEqualTo(0.33);

    // payments 7.2.0: incident reported at 10:00, its hotfix healthy in production at 14:00
    JsonNode restore = metrics.path("timeToRestore");
    assertThat(restore.path("unit").asText()).isEqualTo("hours");
    assertThat(restore.path("value").asDouble()).isEqualTo(4.0);
    assertThat(keys(restore)).containsExactly("payments@7.2.0");
    assertThat(trend(restore))
        .containsExactly(tuple("2031-03-03", null, 0), tuple("2031-03-10", 4.0, 1));

    // lead time: from each release's first shipped commit, as git has it, to its healthy production
    // deployment
    JsonNode leadTime = metrics.path("leadTimeForChanges");
    assertThat(leadTime.path("unit").asText()).isEqualTo("hours");
    double[] hours = {
      leadHours("payments@7.1.0", D.plus(Duration.ofDays(1))),
      leadHours("checkout@7.1.0", D.plus(Duration.ofDays(8))),
      leadHours("payments@7.2.0", D.plus(Duration.ofDays(9))),
      leadHours("payments@7.2.1", D.plus(Duration.ofDays(9)).plus(hours(6)))
    };
    java.util.Arrays.sort(hours);
    assertThat(leadTime.path("value").asDouble())
        .isCloseTo((hours[1] + hours[2]) / 2, org.assertj.core.data.Offset.offset(0.011));
    assertThat(leadTime.path("releases").asInt()).isEqualTo(4);

    // one approval round by a person: the hotfix's, an hour from QA's sign-off to paula's approval
    JsonNode approval = metrics.path("approvalWaitTime");
    assertThat(approval.path("value").asDouble()).isEqualTo(1.0);
    assertThat(keys(approval)).containsExactly("payments@7.2.1");

    // time per phase, over the five releases that ended
    assertThat(metrics.path("timePerPhase").findValues("phase"))
        .extracting(JsonNode::asText)
        .contains("Planning", "Deployment and verification");
    for (JsonNode phase : metrics.path("timePerPhase")) {
      if (phase.path("phase").asText().equals("Deployment and verification")) {
        assertThat(phase.path("releases").asInt()).isEqualTo(5);
      }
    }

    // one service, and the month as bucket
    JsonNode payments = json(read("rita", "/api/metrics?" + PERIOD + "&service=payments"));
    assertThat(payments.path("service").asText()).isEqualTo("payments");
    assertThat(payments.path("deploymentFrequency").path("value").asDouble()).isEqualTo(1.5);
    assertThat(payments.path("changeFailureRate").path("value").asDouble()).isEqualTo(0.33);
    JsonNode month = json(read("rita", "/api/metrics?from=2031-03-01&to=2031-03-31&bucket=month"));
    assertThat(month.path("deploymentFrequency").path("unit").asText())
        .isEqualTo("deployments per month");
    assertThat(month.path("deploymentFrequency").path("value").asDouble()).isEqualTo(3.93);
    assertThat(trend(month.path("deploymentFrequency")))
        .containsExactly(tuple("2031-03-01", 4.0, 4));
    assertThat(month.path("period").path("bucket").asText()).isEqualTo("month");
  }

  @Test
  @Order(2)
  void theStepsShowCountMedianAndP90OfDurationWaitingAndWork() throws Exception {
    JsonNode steps = json(read("mona", "/api/metrics/steps?" + PERIOD));
    JsonNode plan = null;
    for (JsonNode step : steps.path("steps")) {
      if (step.path("activityId").asText().equals(Elements.TASK_PLAN_RELEASE)) {
        plan = step;
      }
    }
    assertThat(plan).as("Plan release in %s", steps).isNotNull();
    // planned after 3, 2, 4, 1 and 0 hours; claimed after 1, 1, 3, 0 and 0 hours
    assertThat(plan.path("name").asText()).isEqualTo("Plan release");
    assertThat(plan.path("phase").asText()).isEqualTo("Planning");
    assertThat(plan.path("count").asInt()).isEqualTo(5);
    assertThat(plan.path("duration").path("medianHours").asDouble()).isEqualTo(2.0);
    assertThat(plan.path("duration").path("p90Hours").asDouble()).isEqualTo(4.0);
    assertThat(plan.path("waiting").path("medianHours").asDouble()).isEqualTo(1.0);
    assertThat(plan.path("waiting").path("p90Hours").asDouble()).isEqualTo(3.0);
    assertThat(plan.path("working").path("medianHours").asDouble()).isEqualTo(1.0);
    assertThat(plan.path("working").path("p90Hours").asDouble()).isEqualTo(2.0);
    assertThat(steps.path("steps").get(0).path("duration").path("medianHours").asDouble())
        .as("slowest first")
        .isGreaterThanOrEqualTo(2.0);
    assertThat(steps.path("phases").findValues("phase"))
        .extracting(JsonNode::asText)
        .contains("Planning");
  }

  @Test
  @Order(3)
  void badFiltersAreRefusedInWords() {
    assertRefused("/api/metrics?from=2031-13-01", "'from' must be a date as yyyy-MM-dd");
    assertRefused("/api/metrics?bucket=day", "'bucket' must be week or month, not 'day'");
    assertRefused(
        "/api/metrics?from=2031-03-16&to=2031-03-03", "'from' (2031-03-16) must not be after 'to'");
    assertRefused("/api/metrics?service=billing", "'service' must be a service of the catalog");
    assertRefused("/api/metrics?from=2020-01-01&to=2031-01-01", "longer than five years");
    assertRefused("/api/metrics/steps?to=yesterday", "'to' must be a date as yyyy-MM-dd");
  }

  @Test
  @Order(4)
  void viewersReadTheMetricsWithTheWebappSessionAndNoActionItemIsOpenWithoutTheirProcess()
      throws Exception {
    var session = TasklistSession.loginTo("cockpit", "http://localhost:" + port, "mona", "mona");
    var read = session.getPath("/api/metrics?" + PERIOD);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(
            new ObjectMapper()
                .readTree(read.body())
                .path("changeFailureRate")
                .path("value")
                .asDouble())
        .isEqualTo(0.4);
    assertThat(session.getPath("/api/metrics/steps?" + PERIOD).statusCode()).isEqualTo(200);
    assertThat(session.getPath("/actuator/prometheus").statusCode()).isEqualTo(401);
    var items = read("mona", "/api/action-items?state=open");
    assertThat(items.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(items.getBody()).containsEntry("total", 0).containsEntry("items", List.of());
    assertThat(rest.getForEntity("/api/metrics", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  @Order(5)
  void prometheusScrapesTheGaugesWithCredentialsOnly() {
    assertThat(rest.getForEntity("/actuator/prometheus", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.getForEntity("/actuator/health", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);

    var scraped =
        rest.withBasicAuth("mona", "mona").getForEntity("/actuator/prometheus", String.class);
    assertThat(scraped.getStatusCode()).isEqualTo(HttpStatus.OK);
    // the last 30 days up to 15 March 2031: the whole history
    assertThat(scraped.getBody())
        .contains(
            "releasedesk_releases_running 0.0",
            "releasedesk_action_items_open 0.0",
            "releasedesk_change_failure_rate 0.4",
            "releasedesk_time_to_restore_hours 4.0",
            "releasedesk_approval_wait_hours 1.0",
            "releasedesk_deployments_per_week 0.93");
    assertThat(scraped.getBody()).contains("releasedesk_lead_time_hours ");
  }

  private void assertRefused(String path, String words) {
    var answer = read("rita", path);
    assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) answer.getBody().get("detail")).as(path).contains(words);
  }

  /** Hours from the release's first shipped commit, as its repository says, to the given moment. */
  private double leadHours(String key, Instant production) {
    HistoricProcessInstance release = release(key);
    var firstCommit =
        historyService
            .createHistoricVariableInstanceQuery()
            .processInstanceId(release.getId())
            .variableName(FIRST_COMMIT_AT.getName())
            .singleResult();
    var commit =
        historyService
            .createHistoricVariableInstanceQuery()
            .processInstanceId(release.getId())
            .variableName(ReleaseProcess.Variables.CANDIDATE_COMMIT.getName())
            .singleResult();
    var range =
        shippedChanges.read(
            catalog.ofRelease(key.substring(0, key.indexOf('@'))), (String) commit.getValue());
    assertThat(firstCommit).as("%s records its first commit", key).isNotNull();
    assertThat(Instant.parse((String) firstCommit.getValue())).isEqualTo(range.firstCommitAt());
    return Duration.between(range.firstCommitAt(), production).toMillis() / 3_600_000.0;
  }

  private static List<org.assertj.core.groups.Tuple> trend(JsonNode metric) {
    var points = new java.util.ArrayList<org.assertj.core.groups.Tuple>();
    metric
        .path("trend")
        .forEach(
            point ->
                points.add(
                    tuple(
                        point.path("from").asText(),
                        point.path("value").isNull() ? null : point.path("value").asDouble(),
                        point.path("releases").asInt())));
    return points;
  }

  private static List<String> keys(JsonNode metric) {
    return metric.path("counted").findValues("releaseKey").stream().map(JsonNode::asText).toList();
  }

  private HistoricProcessInstance release(String key) {
    return historyService
        .createHistoricProcessInstanceQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .processInstanceBusinessKey(key)
        .singleResult();
  }

  private static Duration hours(long hours) {
    return Duration.ofHours(hours);
  }

  private ResponseEntity<Map<String, Object>> read(String user, String path) {
    return call(user, HttpMethod.GET, path, null);
  }

  private ResponseEntity<Map<String, Object>> call(
      String user, HttpMethod method, String path, Object body) {
    return new ApiClient(rest).call(user, method, path, body);
  }

  private static JsonNode json(ResponseEntity<Map<String, Object>> answer) {
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
    return new ObjectMapper().valueToTree(answer.getBody());
  }
}
