package io.releasedesk.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.releasedesk.support.ReleaseDeskNodes;
import io.releasedesk.support.ServiceRepositories;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What Release Desk's nodes talk to, and what it saw: deployment webhooks (one path per node, so the test knows which
 * node sent a request), the services' health endpoints, and a mail server. The webhooks take their time to accept a
 * deployment, so a node can be killed while it waits for the answer.
 */
class OutsideWorld {

  /** How long a deployment target takes to accept a deployment: a node waiting for it has a job in flight. */
  static final Duration DEPLOYMENT_DELAY = Duration.ofMillis(1500);

  /**
   * A request may take this long (to connect, and again to answer), so the longest job is a health check of one
   * attempt, 8 s; the job lock is a little longer than that.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(4);

  static final Duration LOCK_TIME = Duration.ofSeconds(10);

  private static final Pattern DEPLOYMENT = Pattern.compile("/(\\w+)/deploy/(\\w+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A deployment request a target received, from which node, with which key, when. */
  record DeploymentRequest(
      String node, String environment, String key, String releaseKey, String version, Instant at) {}

  private final WireMockExtension targets;
  private final GreenMailExtension mail;

  OutsideWorld(WireMockExtension targets, GreenMailExtension mail) {
    this.targets = targets;
    this.mail = mail;
  }

  /** Targets accept deployments after {@link #DEPLOYMENT_DELAY}; services are healthy at once. */
  void slowDeploymentTargets() {
    targets.stubFor(
        post(urlPathMatching("/\\w+/deploy/\\w+"))
            .willReturn(
                aResponse().withStatus(202).withFixedDelay((int) DEPLOYMENT_DELAY.toMillis())));
    targets.stubFor(get(urlPathMatching("/health/\\w+")).willReturn(aResponse().withStatus(200)));
  }

  /** Health checks of this environment take this long to answer. */
  void slowHealth(String environment, Duration delay) {
    targets.stubFor(
        get(urlPathMatching("/health/" + environment))
            .willReturn(aResponse().withStatus(200).withFixedDelay((int) delay.toMillis())));
  }

  /** The settings of a node: the services, the mail server, webhook targets of its own, a short job lock. */
  Map<String, String> nodeSettings(String node, ServiceRepositories repositories) {
    var settings = new LinkedHashMap<String, String>();
    settings.put("releasedesk.catalog.file", repositories.catalog().toUri().toString());
    settings.put("spring.mail.host", "127.0.0.1");
    settings.put("spring.mail.port", String.valueOf(mail.getSmtp().getPort()));
    for (String environment : List.of("staging", "production")) {
      String prefix = "releasedesk.deployment.environments." + environment + ".";
      settings.put(prefix + "target", "webhook");
      settings.put(
          prefix + "webhook-url", targets.baseUrl() + "/" + node + "/deploy/" + environment);
      settings.put(prefix + "health-url", targets.baseUrl() + "/health/" + environment);
    }
    settings.put("releasedesk.deployment.request-timeout", REQUEST_TIMEOUT.toString());
    settings.put("releasedesk.deployment.health-check.attempts", "1");
    settings.put(
        "camunda.bpm.job-execution.lock-time-in-millis", String.valueOf(LOCK_TIME.toMillis()));
    return settings;
  }

  /** Every deployment request received so far, oldest first. */
  List<DeploymentRequest> deploymentRequests() {
    return targets.getAllServeEvents().stream()
        .map(OutsideWorld::deploymentRequest)
        .filter(request -> request != null)
        .sorted(Comparator.comparing(DeploymentRequest::at))
        .toList();
  }

  /** Waits for the deployment request with this index (0 for the first), and returns it at once. */
  DeploymentRequest awaitDeploymentRequest(int index) {
    return await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(10))
        .until(this::deploymentRequests, requests -> requests.size() > index)
        .get(index);
  }

  /**
   * Waits for a deployment request, from the one with this index on, that has not been answered yet (it arrived less
   * than the target's delay ago, less a margin for the kill), and returns it at once.
   */
  DeploymentRequest awaitDeploymentInFlight(int from) {
    return await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () ->
                deploymentRequests().stream()
                    .skip(from)
                    .filter(
                        request ->
                            request
                                .at()
                                .isAfter(Instant.now().minus(DEPLOYMENT_DELAY.minusMillis(500))))
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  /** The health checks received so far. */
  long healthChecks(String environment) {
    return targets.getAllServeEvents().stream()
        .filter(event -> event.getRequest().getUrl().equals("/health/" + environment))
        .count();
  }

  /** Waits for a health check of the environment beyond the number given. */
  void awaitHealthCheck(String environment, long before) {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> healthChecks(environment) > before);
  }

  /** When the lock of the job that sent the request expires, as the database holds it. */
  Instant lockExpiryOfDeployment(ReleaseDeskNodes nodes, DeploymentRequest request) {
    return lockExpiry(nodes, "job.process_instance_id_", request.key().split(":")[0]);
  }

  /**
   * When the lock of the job at this step expires, as the database holds it; fails when no job there is locked (the
   * step is not in flight).
   */
  static Instant lockExpiryOfStep(ReleaseDeskNodes nodes, String activityId) {
    return lockExpiry(nodes, "definition.act_id_", activityId);
  }

  private static Instant lockExpiry(ReleaseDeskNodes nodes, String column, String value) {
    try (var connection = nodes.database();
        var query =
            connection.prepareStatement(
                "select job.lock_exp_time_ from act_ru_job job"
                    + " join act_ru_jobdef definition on definition.id_ = job.job_def_id_ where "
                    + column
                    + " = ? and job.lock_owner_ is not null")) {
      query.setString(1, value);
      try (var result = query.executeQuery()) {
        assertThat(result.next())
            .as("a locked job with %s %s; the jobs: %s", column, value, jobs(connection))
            .isTrue();
        return result.getTimestamp(1).toInstant();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The engine's jobs as the database holds them, for a message. */
  private static List<String> jobs(java.sql.Connection connection) throws SQLException {
    var jobs = new java.util.ArrayList<String>();
    try (var query =
            connection.prepareStatement(
                "select job.process_instance_id_, definition.act_id_, job.lock_owner_,"
                    + " job.lock_exp_time_, job.retries_ from act_ru_job job"
                    + " left join act_ru_jobdef definition on definition.id_ = job.job_def_id_");
        var result = query.executeQuery()) {
      while (result.next()) {
        jobs.add(
            result.getString(1)
                + " "
                + result.getString(2)
                + " locked by "
                + result.getString(3)
                + " until "
                + result.getTimestamp(4)
                + ", retries "
                + result.getInt(5));
      }
    }
    return jobs;
  }

  /**
   * Each release's deployment to each environment reached its target with one idempotency key, however often it was
   * sent.
   */
  void assertEachDeploymentHasOneKey(List<String> releases, List<String> environments) {
    Map<String, Set<String>> keys =
        deploymentRequests().stream()
            .collect(
                Collectors.groupingBy(
                    request -> request.releaseKey() + " to " + request.environment(),
                    Collectors.mapping(DeploymentRequest::key, Collectors.toSet())));
    var expected =
        releases.stream()
            .flatMap(release -> environments.stream().map(env -> release + " to " + env))
            .collect(Collectors.toSet());
    assertThat(keys.keySet()).as("deployments").isEqualTo(expected);
    keys.forEach(
        (deployment, itsKeys) ->
            assertThat(itsKeys).as("idempotency keys of %s", deployment).hasSize(1));
  }

  /** Nobody received the same notice twice (one mail per recipient and subject). */
  void assertNoNoticeMailedTwice() {
    Map<String, Long> mails =
        Arrays.stream(mail.getReceivedMessages())
            .collect(Collectors.groupingBy(OutsideWorld::toAndSubject, Collectors.counting()));
    assertThat(mails).as("mails by recipient and subject").isNotEmpty();
    assertThat(mails.entrySet().stream().filter(entry -> entry.getValue() > 1).toList())
        .as("notices mailed more than once")
        .isEmpty();
  }

  /** Each release's notice of this milestone (the end of its subject) reached the address. */
  void assertMailed(List<String> releases, String to, String milestone) {
    Set<String> received =
        Arrays.stream(mail.getReceivedMessages())
            .map(OutsideWorld::toAndSubject)
            .collect(Collectors.toSet());
    for (String release : releases) {
      assertThat(received).contains(to + ": " + release + " " + milestone);
    }
  }

  private static String toAndSubject(MimeMessage message) {
    try {
      return Arrays.toString(message.getAllRecipients()).replaceAll("[\\[\\]]", "")
          + ": "
          + message.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DeploymentRequest deploymentRequest(ServeEvent event) {
    var request = event.getRequest();
    if (!"POST".equals(request.getMethod().getName())) {
      return null;
    }
    Matcher path = DEPLOYMENT.matcher(request.getUrl());
    if (!path.matches()) {
      return null;
    }
    try {
      JsonNode body = JSON.readTree(request.getBodyAsString());
      return new DeploymentRequest(
          path.group(1),
          path.group(2),
          request.getHeader("Idempotency-Key"),
          body.path("releaseKey").asText(),
          body.path("version").asText(),
          request.getLoggedDate().toInstant());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
