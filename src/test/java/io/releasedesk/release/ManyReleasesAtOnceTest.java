package io.releasedesk.release;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_CAB_MEMBER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_HOLD_RETROSPECTIVE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_BADLY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_WELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.EmbeddedPostgresConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Many releases at once on PostgreSQL: release managers on 8 clients request them concurrently through {@code
 * /api/releases}, and the people walk each to its end through the engine REST API, as Tasklist does (claim, submit
 * the form), with four eyes: the other release manager approves a medium-risk release, carol and chris a high-risk
 * one; low risk is approved by the rules. Deployments go by webhook to a local server. None is answered with a 5xx,
 * none is lost, none is stuck: every release ends released.
 *
 * <p>The figure the load is meant for is 200 releases ({@code -Dreleasedesk.load.releases=200}, about a quarter of an
 * hour on a busy two-core machine); {@code ./mvnw verify} walks 24, so that the build stays quick. No timing is
 * asserted. The embedded PostgreSQL's pool is configured as the application's ({@code spring.datasource.hikari.*}),
 * which keeps half of it for requests however many jobs run (ADR 37).
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@Import(EmbeddedPostgresConfiguration.class)
class ManyReleasesAtOnceTest {

  static final int RELEASES = Integer.getInteger("releasedesk.load.releases", 24);
  static final int CLIENTS = 8;

  /** How long a client waits for one release to reach its next task while all the others move too. */
  static final Duration PATIENCE = Duration.ofMinutes(10);

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

  @Autowired TestRestTemplate rest;
  @Autowired HistoryService historyService;
  @Autowired MeterRegistry meters;

  /** One release as planned: who requests it, how it is approved. */
  record Planned(String key, String service, String version, String requester, Risk risk) {

    String otherReleaseManager() {
      return requester.equals("rita") ? "paula" : "rita";
    }
  }

  enum Risk {
    /** a small internal change: approved by the rules */
    LOW("small", false),
    /** a large internal change: one release manager, not the requester */
    MEDIUM("large", false),
    /** a large customer-facing change: two CAB members */
    HIGH("large", true);

    final String changeSize;
    final boolean customerFacing;

    Risk(String changeSize, boolean customerFacing) {
      this.changeSize = changeSize;
      this.customerFacing = customerFacing;
    }
  }

  @Test
  void releasesRequestedByEightClientsAtOnceAllRunToTheirEnd() throws Exception {
    environments.stubFor(
        post(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        post(urlEqualTo("/deploy/production")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    environments.stubFor(
        get(urlEqualTo("/health/production")).willReturn(aResponse().withStatus(200)));
    List<Planned> planned =
        IntStream.range(0, RELEASES)
            .mapToObj(
                i -> {
                  String service = i % 2 == 0 ? "payments" : "checkout";
                  String version = "60." + i + ".0";
                  return new Planned(
                      service + "@" + version,
                      service,
                      version,
                      i % 4 < 2 ? "rita" : "paula",
                      Risk.values()[i % 3]);
                })
            .toList();
    double serverErrorsBefore = serverErrors();

    // given 8 clients, each with its share of the releases, set off at the same moment
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    var start = new CountDownLatch(1);
    var walks = new ArrayList<Future<?>>();
    for (int client = 0; client < CLIENTS; client++) {
      int first = client;
      List<Planned> share =
          IntStream.range(0, RELEASES)
              .filter(i -> i % CLIENTS == first)
              .mapToObj(planned::get)
              .toList();
      walks.add(
          clients.submit(
              () -> {
                start.await();
                walk(share);
                return null;
              }));
    }
    start.countDown();
    try {
      for (Future<?> walk : walks) {
        walk.get(60, TimeUnit.MINUTES);
      }
    } finally {
      clients.shutdownNow();
    }

    // then every release ended released, each once, approved as its risk says
    var api = new ApiClient(rest);
    for (Planned release : planned) {
      var status =
          await()
              .atMost(PATIENCE)
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () -> api.call("rita", HttpMethod.GET, "/api/releases/" + release.key(), null),
                  answer ->
                      answer.getStatusCode() == HttpStatus.OK
                          && answer.getBody().get("outcome") != null);
      assertThat(status.getBody()).as(release.key()).containsEntry("outcome", "released");
      @SuppressWarnings("unchecked")
      var facts = (Map<String, Object>) status.getBody().get("facts");
      assertThat(facts)
          .as(release.key())
          .containsEntry(REQUESTED_BY.getName(), release.requester());
      String approvedBy = String.valueOf(facts.get(APPROVED_BY.getName()));
      switch (release.risk()) {
        case LOW -> assertThat(facts).as(release.key()).containsEntry(RISK_LEVEL.getName(), "low");
        case MEDIUM ->
            assertThat(approvedBy).as(release.key()).isEqualTo(release.otherReleaseManager());
        case HIGH -> assertThat(approvedBy).as(release.key()).contains("carol", "chris");
      }
    }
    List<HistoricProcessInstance> ended =
        historyService
            .createHistoricProcessInstanceQuery()
            .processDefinitionKey(ReleaseProcess.KEY)
            .completed()
            .listPage(0, 2000)
            .stream()
            .filter(
                release -> release.getBusinessKey().matches("(payments|checkout)@60\\.\\d+\\.0"))
            .toList();
    assertThat(ended).as("none lost, none twice").hasSize(RELEASES);
    assertThat(ended)
        .extracting(HistoricProcessInstance::getBusinessKey)
        .containsExactlyInAnyOrderElementsOf(planned.stream().map(Planned::key).toList());
    assertThat(answered()).as("the server counts its answers").isGreaterThan(RELEASES * 10);
    assertThat(serverErrors()).as("answers with a 5xx").isEqualTo(serverErrorsBefore);
  }

  /** A client's releases, requested and then walked step by step: each step of all of them before the next. */
  private void walk(List<Planned> share) {
    var api = new ApiClient(rest, PATIENCE);
    for (Planned release : share) {
      var request =
          ApiClient.releaseRequest(release.service(), release.version(), "Load: " + release.key());
      request.put(CUSTOMER_FACING.getName(), release.risk().customerFacing);
      var requested = api.call(release.requester(), HttpMethod.POST, "/api/releases", request);
      assertThat(requested.getStatusCode())
          .as("%s: %s", release.key(), requested.getBody())
          .isEqualTo(HttpStatus.CREATED);
    }
    for (Planned release : share) {
      api.work(
          release.key(),
          release.requester(),
          TASK_PLAN_RELEASE,
          Map.of(CHANGE_SIZE.getName(), release.risk().changeSize));
    }
    for (Planned release : share) {
      api.teamsReady(release.key());
    }
    for (Planned release : share) {
      api.qaPasses(release.key(), "Regression suite green");
    }
    Map<String, Object> approve = Map.of(DECISION.getName(), "approve", COMMENT.getName(), "Go");
    for (Planned release : share) {
      switch (release.risk()) {
        case LOW -> {}
        case MEDIUM -> api.approve(release.key(), release.otherReleaseManager(), "Go");
        case HIGH -> {
          api.work(release.key(), "carol", TASK_APPROVE_AS_CAB_MEMBER, approve);
          api.work(release.key(), "chris", TASK_APPROVE_AS_CAB_MEMBER, approve);
        }
      }
    }
    for (Planned release : share) {
      api.work(
          release.key(),
          release.requester(),
          TASK_HOLD_RETROSPECTIVE,
          Map.of(WENT_WELL.getName(), "It shipped", WENT_BADLY.getName(), "Nothing"));
    }
  }

  /** Requests the server answered with a 5xx, on every path (engine REST API, webapps, /api). */
  private double serverErrors() {
    return meters.find("http.server.requests").timers().stream()
        .filter(timer -> "SERVER_ERROR".equals(timer.getId().getTag("outcome")))
        .mapToDouble(Timer::count)
        .sum();
  }

  private double answered() {
    return meters.find("http.server.requests").timers().stream().mapToDouble(Timer::count).sum();
  }
}
