package io.releasedesk.release;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcess.Variables;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import io.releasedesk.support.TasklistSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A release that depends on a version of another service not yet in production waits before production, in sight,
 * until a release of that service gets there, and then goes on by itself. Driven through the engine REST API with
 * real webhooks against a local server; the plan's dependencies are checked whatever the door.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class DependenciesHoldTheReleaseTest {

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
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @LocalServerPort int port;
  ApiClient api;

  @BeforeEach
  void client() {
    api = new ApiClient(rest);
  }

  @BeforeEach
  void environmentsAnswer() {
    for (String environment : List.of("staging", "production")) {
      environments.stubFor(
          post(urlEqualTo("/deploy/" + environment)).willReturn(aResponse().withStatus(202)));
      environments.stubFor(
          get(urlEqualTo("/health/" + environment)).willReturn(aResponse().withStatus(200)));
    }
  }

  @AfterEach
  void forgetTheReleases() {
    Cleanup.forgetReleases(runtimeService);
  }

  @Test
  void aReleaseWaitsForItsDependencyUntilAReleaseOfItReachesProductionAndThenGoesOnByItself() {
    // checkout 3.1.0 needs payments 2.4.0 or later in production; the seeded payments repository
    // has released 2.3.0
    request("checkout", "3.1.0");
    api.work(
        "checkout@3.1.0",
        "rita",
        Elements.TASK_PLAN_RELEASE,
        Map.of(CHANGE_SIZE.getName(), "small", DEPENDENCIES.getName(), "payments >= 2.4.0"));
    throughCoordinationAndQa("checkout@3.1.0");

    // the rules approve it, and it waits before production where release managers see why
    String waiting = api.waitForTask("checkout@3.1.0", Elements.TASK_WAIT_FOR_DEPENDENCIES);
    assertThat(taskService.getVariable(waiting, Variables.MISSING_DEPENDENCIES.getName()))
        .isEqualTo("- **payments >= 2.4.0**: no release of payments has reached production yet");
    assertThat(
            api.list(
                "rita",
                "/engine-rest/task?maxResults=10&candidateGroup=release-managers"
                    + "&taskDefinitionKey="
                    + Elements.TASK_WAIT_FOR_DEPENDENCIES))
        .singleElement()
        .extracting(task -> task.get("name"))
        .isEqualTo("Wait for dependencies");
    environments.verify(0, postRequestedFor(urlEqualTo("/deploy/production")));

    // payments 2.4.0 goes to production
    request("payments", "2.4.0");
    api.work(
        "payments@2.4.0",
        "rita",
        Elements.TASK_PLAN_RELEASE,
        Map.of(CHANGE_SIZE.getName(), "small"));
    throughCoordinationAndQa("payments@2.4.0");

    // and checkout follows it there without anyone doing anything
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                environments.verify(
                    postRequestedFor(urlEqualTo("/deploy/production"))
                        .withRequestBody(containing("\"checkout@3.1.0\""))));
    environments.verify(
        postRequestedFor(urlEqualTo("/deploy/production"))
            .withRequestBody(containing("\"payments@2.4.0\"")));
    String checkout =
        runtimeService
            .createProcessInstanceQuery()
            .processDefinitionKey(ReleaseProcess.KEY)
            .processInstanceBusinessKey("checkout@3.1.0")
            .singleResult()
            .getId();
    assertThat(
            historyService
                .createHistoricActivityInstanceQuery()
                .processInstanceId(checkout)
                .activityId(Elements.EVENT_DEPENDENCY_IN_PRODUCTION)
                .count())
        .isEqualTo(1);
    assertThat(
            taskService
                .createTaskQuery()
                .taskDefinitionKey(Elements.TASK_WAIT_FOR_DEPENDENCIES)
                .count())
        .isZero();
  }

  enum Door {
    TASKLIST_SUBMIT_FORM,
    ENGINE_REST_COMPLETE
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  @ExtendWith(OutputCaptureExtension.class)
  void badDependenciesAreRefusedWithWordsAndThePlanStaysOpen(Door door, CapturedOutput output)
      throws Exception {
    request("search", "1.2.0");
    String plan = api.waitForTask("search@1.2.0", Elements.TASK_PLAN_RELEASE);
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/engine-rest/task/" + plan + "/claim",
                    Map.of("userId", "rita"))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    Map<String, Object> values =
        Map.of(
            CHANGE_SIZE.getName(),
            "small",
            DEPENDENCIES.getName(),
            "ledger >= 1.7.0, search ^1.0.0, payments next week");

    int logMark = output.getAll().length();
    int status;
    String body;
    if (door == Door.TASKLIST_SUBMIT_FORM) {
      var answer =
          TasklistSession.login("http://localhost:" + port, "rita", "rita")
              .post(
                  "task/" + plan + "/submit-form",
                  new ObjectMapper().writeValueAsString(Map.of("variables", variables(values))));
      status = answer.statusCode();
      body = answer.body();
    } else {
      var answer =
          api.call(
              "rita",
              HttpMethod.POST,
              "/engine-rest/task/" + plan + "/complete",
              Map.of("variables", variables(values)));
      status = answer.getStatusCode().value();
      body = String.valueOf(answer.getBody());
    }

    assertThat(status).as(body).isEqualTo(400);
    assertThat(body)
        .contains(
            "Dependency 'ledger >= 1.7.0': Service 'ledger' is not in the service catalog",
            "Dependency 'search ^1.0.0': a service is not its own dependency",
            "Dependency 'payments next week': 'next week' is not a version range");
    Task stillOpen = taskService.createTaskQuery().taskId(plan).singleResult();
    assertThat(stillOpen).as("the plan is still open").isNotNull();
    assertThat(taskService.getVariable(plan, CHANGE_SIZE.getName())).isNull();
    assertThat(taskService.getVariable(plan, DEPENDENCIES.getName())).isNull();
    assertThat(output.getAll().substring(logMark))
        .as("a refusal is no server error")
        .doesNotContain(" ERROR ");
  }

  void request(String service, String version) {
    api.request(ApiClient.releaseRequest(service, version, "Scope of " + service));
  }

  void throughCoordinationAndQa(String releaseKey) {
    api.teamsReady(releaseKey);
    api.work(
        releaseKey,
        "quinn",
        Elements.TASK_VERIFY_RELEASE_CANDIDATE,
        Map.of(
            QA_RESULT.getName(),
            "pass",
            DEFECTS_FOUND.getName(),
            0,
            TEST_SUMMARY.getName(),
            "Regression suite green"));
  }
}
