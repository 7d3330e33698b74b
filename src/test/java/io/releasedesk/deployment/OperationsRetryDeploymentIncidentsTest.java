package io.releasedesk.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.deployment.DeploymentProcess.Variables.ENVIRONMENT;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A deployment target down past the step's retries becomes an incident in Cockpit; operations retry it themselves,
 * through the engine REST API and as Cockpit does, and once the target is back the release goes on, with one
 * accepted deployment for its idempotency key. Operations' right to retry covers the deployment's failed jobs and
 * nothing else: no job of a release, no variable, no modification, cancellation or suspension (each refused with
 * 403 and nothing changed). Doors: the engine REST API and Cockpit's engine API.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class OperationsRetryDeploymentIncidentsTest {

  @RegisterExtension
  static WireMockExtension environments =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void webhookEnvironmentsAndABrokenService(DynamicPropertyRegistry registry) {
    for (String environment : List.of("staging", "production")) {
      String prefix = "releasedesk.deployment.environments." + environment + ".";
      registry.add(prefix + "target", () -> "webhook");
      registry.add(prefix + "webhook-url", () -> environments.baseUrl() + "/deploy/" + environment);
      registry.add(prefix + "health-url", () -> environments.baseUrl() + "/health/" + environment);
    }
    // these tests are about the target's answers, not its speed: a loaded machine may take the
    // local
    // target's answer longer than the tests' usual two seconds
    registry.add("releasedesk.deployment.request-timeout", () -> "PT10S");
    registry.add("releasedesk.catalog.file", () -> "file:" + catalogWithABrokenService());
  }

  /** The tests' catalog and a service whose repository nobody answers for, so that its release's first job fails. */
  static Path catalogWithABrokenService() {
    try {
      String catalog =
          new ClassPathResource("test-services.yaml").getContentAsString(StandardCharsets.UTF_8);
      Path file = Files.createTempFile("services", ".yaml");
      Files.writeString(
          file,
          catalog
              + """
                unreachable:
                  repository: http://127.0.0.1:9/unreachable.git
                  owners: [rita]
              """);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Autowired TestRestTemplate rest;
  @Autowired ManagementService managementService;
  @Autowired RuntimeService runtimeService;
  @Autowired HistoryService historyService;
  @LocalServerPort int port;

  final AtomicLong clock = new AtomicLong();

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void operationsRetryADeploymentIncidentAndNothingElse() {
    // given a staging target that fails every deployment for now
    environments.stubFor(
        post(urlEqualTo("/deploy/staging"))
            .inScenario("staging")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withBody("down for maintenance")));
    environments.stubFor(
        post(urlEqualTo("/deploy/staging"))
            .inScenario("staging")
            .whenScenarioStateIs("back")
            .willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    var api = new ApiClient(rest);

    // a hotfix planned and on its way to staging, and a release whose repository cannot be read
    String hotfix = request(api, "search", "1.3.0");
    api.work("search@1.3.0", "rita", TASK_PLAN_RELEASE, Map.of(CHANGE_SIZE.getName(), "small"));
    String stuck = request(api, "unreachable", "1.0.0");

    // when their jobs have failed past their retries (the clock moved past each wait)
    Job deployment = incidentOf(DeploymentProcess.KEY);
    Job proposal = incidentOf(ReleaseProcess.KEY);
    assertThat(proposal.getProcessInstanceId()).isEqualTo(stuck);
    Incident incident =
        runtimeService.createIncidentQuery().configuration(deployment.getId()).singleResult();
    assertThat(incident.getIncidentMessage())
        .isEqualTo(
            "The deployment webhook for staging answered 503 to search 1.3.0-rc.1: down for maintenance");
    String deploymentInstance = deployment.getProcessInstanceId();

    // then operations may not retry the release's job, nor change, modify, cancel or suspend the
    // deployment
    var refused =
        Map.of(
            "retry a release's job",
            api.call(
                "otto",
                HttpMethod.PUT,
                "/engine-rest/job/" + proposal.getId() + "/retries",
                Map.of("retries", 1)),
            "set a variable",
            api.call(
                "otto",
                HttpMethod.PUT,
                "/engine-rest/process-instance/"
                    + deploymentInstance
                    + "/variables/"
                    + ENVIRONMENT.getName(),
                Map.of("value", "production", "type", "String")),
            "modify",
            api.call(
                "otto",
                HttpMethod.POST,
                "/engine-rest/process-instance/" + deploymentInstance + "/modification",
                Map.of(
                    "instructions",
                    List.of(Map.of("type", "cancel", "activityId", incident.getActivityId())))),
            "cancel",
            api.call(
                "otto",
                HttpMethod.DELETE,
                "/engine-rest/process-instance/" + deploymentInstance,
                null),
            "suspend",
            api.call(
                "otto",
                HttpMethod.PUT,
                "/engine-rest/process-instance/" + deploymentInstance + "/suspended",
                Map.of("suspended", true)));
    refused.forEach(
        (what, answer) ->
            assertThat(answer.getStatusCode()).as(what).isEqualTo(HttpStatus.FORBIDDEN));
    assertThat(job(proposal.getId()).getRetries()).isZero();
    var instance =
        runtimeService
            .createProcessInstanceQuery()
            .processInstanceId(deploymentInstance)
            .singleResult();
    assertThat(instance).isNotNull();
    assertThat(instance.isSuspended()).isFalse();
    assertThat(runtimeService.getVariable(deploymentInstance, ENVIRONMENT.getName()))
        .isEqualTo("staging");

    // operations retry the deployment through the engine REST API while the target is still down:
    // an incident again
    assertThat(
            api.call(
                    "otto",
                    HttpMethod.PUT,
                    "/engine-rest/job/" + deployment.getId() + "/retries",
                    Map.of("retries", 1))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    movingTheClockUntil(
        () ->
            runtimeService.createIncidentQuery().configuration(deployment.getId()).count() == 1
                && job(deployment.getId()).getRetries() == 0
                && postsToStaging().size() == 4);

    // once it is back, they retry it as Cockpit does, and the release goes on past staging
    environments.setScenarioState("staging", "back");
    var cockpit = TasklistSession.loginTo("cockpit", "http://localhost:" + port, "otto", "otto");
    assertThat(
            cockpit.put("job/" + deployment.getId() + "/retries", "{\"retries\": 1}").statusCode())
        .isEqualTo(204);
    movingTheClockUntil(
        () ->
            historyService
                    .createHistoricActivityInstanceQuery()
                    .processInstanceId(hotfix)
                    .activityId(ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_STAGING)
                    .finished()
                    .count()
                == 1);
    assertThat(
            runtimeService
                .createIncidentQuery()
                .processDefinitionKeyIn(DeploymentProcess.KEY)
                .count())
        .isZero();

    // with one accepted deployment, every attempt under the same idempotency key
    List<ServeEvent> posts = postsToStaging();
    assertThat(posts).hasSize(5);
    assertThat(posts.stream().filter(event -> event.getResponse().getStatus() == 202)).hasSize(1);
    assertThat(
            posts.stream().map(event -> event.getRequest().getHeader("Idempotency-Key")).distinct())
        .singleElement()
        .asString()
        .endsWith(":staging:deployment");
  }

  /** Requests a hotfix of this service and version as Rita; its process instance id. */
  String request(ApiClient api, String service, String version) {
    var hotfix = ApiClient.releaseRequest(service, version, "Typo fix");
    hotfix.put(RELEASE_TYPE.getName(), "hotfix");
    hotfix.put(TARGET_DATE.getName(), LocalDate.now().plusDays(3).toString());
    var started = api.call("rita", HttpMethod.POST, "/api/releases", hotfix);
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return (String) started.getBody().get("processInstanceId");
  }

  /**
   * The failed job of a process with no retries left, once it has one: the clock moves a minute on at each look, past
   * the wait between retries, and the job executor tries again.
   */
  Job incidentOf(String processDefinitionKey) {
    return await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              ClockUtil.offset(clock.addAndGet(61_000));
              return managementService
                  .createJobQuery()
                  .processDefinitionKey(processDefinitionKey)
                  .noRetriesLeft()
                  .listPage(0, 1)
                  .stream()
                  .findFirst()
                  .orElse(null);
            },
            job -> job != null);
  }

  /** Waits for this, moving the clock a minute on at each look, past the wait of a failed job's due date. */
  void movingTheClockUntil(java.util.concurrent.Callable<Boolean> condition) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              ClockUtil.offset(clock.addAndGet(61_000));
              return condition.call();
            });
  }

  Job job(String id) {
    return managementService.createJobQuery().jobId(id).singleResult();
  }

  List<ServeEvent> postsToStaging() {
    return environments.getAllServeEvents().stream()
        .filter(event -> event.getRequest().getMethod().value().equals("POST"))
        .filter(event -> event.getRequest().getUrl().equals("/deploy/staging"))
        .toList();
  }
}
