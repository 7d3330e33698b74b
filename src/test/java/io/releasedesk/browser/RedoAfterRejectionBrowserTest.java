package io.releasedesk.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.Cleanup;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
 * The planning form after a rejected approval, in headless Chromium: it says who rejected which candidate and why,
 * and asks what must be redone; the first plan does not ask. Choosing only the approval sends the same candidate
 * straight back to approval.
 */
@BrowserTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class RedoAfterRejectionBrowserTest {

  static final String KEY = "payments@2.4.0";

  @RegisterExtension
  static WireMockExtension environments =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void environments(DynamicPropertyRegistry registry) {
    String staging = "releasedesk.deployment.environments.staging.";
    registry.add(staging + "target", () -> "webhook");
    registry.add(staging + "webhook-url", () -> environments.baseUrl() + "/deploy/staging");
    registry.add(staging + "health-url", () -> environments.baseUrl() + "/health/staging");
  }

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  Tasklist tasklist;

  @BeforeEach
  void openTasklist() {
    environments.stubFor(
        post(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    Tasklist.assumeBrowserInstalled();
    tasklist = Tasklist.open("http://localhost:" + port);
  }

  @AfterEach
  void closeTasklistAndForgetReleases() {
    if (tasklist != null) {
      tasklist.close();
    }
    Cleanup.forgetReleases(runtimeService);
  }

  @Test
  void afterARejectionThePlanAsksWhatMustBeRedoneAndOnlyTheApprovalIsAskedAgain() {
    // given payments 2.4.0: the first plan does not ask what must be redone
    var requested =
        api()
            .call(
                "rita",
                HttpMethod.POST,
                "/api/releases",
                Map.of(
                    "service",
                    "payments",
                    "version",
                    "2.4.0",
                    "targetDate",
                    LocalDate.now().plusWeeks(2).toString(),
                    "releaseType",
                    "regular",
                    "scopeSummary",
                    "CSV export for finance",
                    "hasDatabaseMigrations",
                    false,
                    "customerFacing",
                    false));
    assertThat(requested.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    tasklist.logIn("rita", "rita");
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);
    tasklist.openTask(waitFor(Elements.TASK_PLAN_RELEASE).getId());
    assertThat(tasklist.formHeading()).isEqualTo("Plan payments 2.4.0");
    assertThat(tasklist.formText()).doesNotContain("what must be redone");

    // and it is planned, verified as 2.4.0-rc.1 and rejected by Paula
    work("rita", Elements.TASK_PLAN_RELEASE, Map.of("changeSize", "large"));
    work(
        "devon",
        Elements.TASK_CONFIRM_DEVELOPMENT_READINESS,
        Map.of("developmentReadiness", "ready"));
    work("quinn", Elements.TASK_CONFIRM_QA_READINESS, Map.of("qaReadiness", "ready"));
    work(
        "otto", Elements.TASK_CONFIRM_OPERATIONS_READINESS, Map.of("operationsReadiness", "ready"));
    work(
        "quinn",
        Elements.TASK_VERIFY_RELEASE_CANDIDATE,
        Map.of("qaResult", "pass", "defectsFound", 0, "testSummary", "Green"));
    work(
        "paula",
        Elements.TASK_APPROVE_AS_RELEASE_MANAGER,
        Map.of("decision", "reject", "comment", "The rollback plan is missing"));

    // when Rita opens the plan again
    Task plan = waitFor(Elements.TASK_PLAN_RELEASE);
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);
    tasklist.openTask(plan.getId());

    // then it says who rejected which candidate and why, and asks what must be redone
    assertThat(tasklist.formText())
        .contains(
            "The approval was rejected: what must be redone?",
            "paula rejected candidate 2.4.0-rc.1: The rollback plan is missing");
    tasklist.claim();
    tasklist.choose("Only the approval: its conditions are met now (same candidate)");
    tasklist.complete();

    // and the same candidate goes straight back to approval
    assertThat(waitFor(Elements.TASK_APPROVE_AS_RELEASE_MANAGER)).isNotNull();
    assertThat(runtimeService.getVariable(plan.getProcessInstanceId(), "candidateVersion"))
        .isEqualTo("2.4.0-rc.1");
    assertThat(
            taskService
                .createTaskQuery()
                .processInstanceBusinessKey(KEY)
                .taskDefinitionKey(Elements.TASK_CONFIRM_DEVELOPMENT_READINESS)
                .count())
        .isZero();
  }

  private ApiClient api() {
    return new ApiClient(rest);
  }

  private Task waitFor(String taskKey) {
    return await()
        .atMost(Duration.ofSeconds(180))
        .until(
            () ->
                taskService
                    .createTaskQuery()
                    .processInstanceBusinessKey(KEY)
                    .taskDefinitionKey(taskKey)
                    .singleResult(),
            task -> task != null);
  }

  /** The person claims the release's open task of this kind and submits its form through the engine REST API. */
  private void work(String user, String taskKey, Map<String, Object> values) {
    String taskId = waitFor(taskKey).getId();
    assertThat(
            api()
                .call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/claim",
                    Map.of("userId", user))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    var completed =
        api()
            .call(
                user,
                HttpMethod.POST,
                "/engine-rest/task/" + taskId + "/submit-form",
                Map.of("variables", variables(values)));
    assertThat(completed.getStatusCode())
        .as("%s completes %s: %s", user, taskKey, completed.getBody())
        .isIn(HttpStatus.OK, HttpStatus.NO_CONTENT);
  }
}
