package io.releasedesk.release;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.deployment.DeploymentProcess.Variables.MANUAL_DEPLOYMENT_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
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
 * Refused input is answered with 400 and the rule in words, never a pattern nor the engine's internal ids ("Cannot
 * submit task form 3f2a…: "), and changes nothing. Doors: Release Desk's API ({@code POST /api/releases}), the engine
 * REST API's start form ({@code submit-form} of the definition) and task form ({@code submit-form},
 * {@code complete}) of the plan and of an approval.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class RefusalsSayTheRuleTest {

  /**
   * Staging and production are deployed by hand; their health endpoints answer 200, checked with patience, so that a
   * busy machine does not make a healthy deployment look failed.
   */
  @RegisterExtension
  static WireMockExtension environments =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void environments(DynamicPropertyRegistry registry) {
    registry.add("releasedesk.deployment.request-timeout", () -> "PT20S");
    registry.add("releasedesk.deployment.health-check.attempts", () -> "2");
    for (String environment : new String[] {"staging", "production"}) {
      String prefix = "releasedesk.deployment.environments." + environment + ".";
      registry.add(prefix + "target", () -> "manual");
      registry.add(prefix + "health-url", () -> environments.baseUrl() + "/health/" + environment);
    }
  }

  @BeforeEach
  void client() {
    api = new ApiClient(rest);
  }

  @BeforeEach
  void environmentsAreHealthy() {
    environments.stubFor(get(urlMatching("/health/.*")).willReturn(aResponse().withStatus(200)));
  }

  @Autowired TestRestTemplate rest;
  ApiClient api;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;

  @AfterEach
  void forgetReleases() {
    Cleanup.forgetReleases(runtimeService);
  }

  @Test
  void aPastOrUnreadableTargetDateIsRefusedInWordsThroughEveryDoor() {
    // Release Desk's API
    var past = api.call("rita", HttpMethod.POST, "/api/releases", request("2001-01-01"));
    assertThat(past.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(past.getBody().get("detail").toString())
        .contains("Target date 2001-01-01 lies in the past");
    var unreadable = api.call("rita", HttpMethod.POST, "/api/releases", request("12/01/2026"));
    assertThat(unreadable.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unreadable.getBody().get("detail").toString())
        .contains("Target date '12/01/2026' is not a date like 2026-12-01");

    // the engine's start form
    var started =
        api.call(
            "rita",
            HttpMethod.POST,
            "/engine-rest/process-definition/key/release/submit-form",
            Map.of("variables", variables(request("2001-01-01"))));
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(message(started))
        .contains("Target date 2001-01-01 lies in the past")
        .doesNotContain("Cannot instantiate")
        .doesNotContain("release:");
    assertThat(
            runtimeService
                .createProcessInstanceQuery()
                .processInstanceBusinessKey("payments@2.7.0")
                .count())
        .as("nothing started")
        .isZero();

    // the plan's task form: refused, and the plan keeps its date
    assertThat(
            api.call("rita", HttpMethod.POST, "/api/releases", request(ApiClient.targetDate()))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    String plan = api.waitForTask("payments@2.7.0", "Task_PlanRelease");
    claim("rita", plan);
    for (String door : new String[] {"submit-form", "complete"}) {
      var planned =
          api.call(
              "rita",
              HttpMethod.POST,
              "/engine-rest/task/" + plan + "/" + door,
              Map.of(
                  "variables",
                  variables(
                      Map.of(
                          TARGET_DATE.getName(), "2001-01-01", CHANGE_SIZE.getName(), "small"))));
      assertThat(planned.getStatusCode()).as(door).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(message(planned))
          .as(door)
          .contains("Target date 2001-01-01 lies in the past")
          .doesNotContain(plan)
          .doesNotContain("Cannot ");
      var garbled =
          api.call(
              "rita",
              HttpMethod.POST,
              "/engine-rest/task/" + plan + "/" + door,
              Map.of(
                  "variables",
                  variables(
                      Map.of(
                          TARGET_DATE.getName(),
                          "first of May",
                          VERSION.getName(),
                          "2.7",
                          CHANGE_SIZE.getName(),
                          "small"))));
      assertThat(garbled.getStatusCode()).as(door).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(message(garbled))
          .as(door)
          .contains(
              "Target date 'first of May' is not a date like 2026-12-01",
              "Version '2.7' is not a semantic version such as 2.4.0 or 2.4.0-beta.1")
          .doesNotContain(plan)
          .doesNotContain("Cannot ")
          .doesNotContain("\\d");
    }
    assertThat(taskService.getVariable(plan, TARGET_DATE.getName()))
        .as("unchanged")
        .isEqualTo(ApiClient.targetDate());
    assertThat(taskService.createTaskQuery().taskId(plan).count()).as("still open").isOne();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRejectionWithoutAReasonIsRefusedInWordsAndOneWithTheFormsReasonIsRecorded() {
    // given: a release waiting for a release manager's approval
    assertThat(
            api.call("rita", HttpMethod.POST, "/api/releases", request(ApiClient.targetDate()))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    String key = "payments@2.7.0";
    api.work(key, "rita", "Task_PlanRelease", Map.of(CHANGE_SIZE.getName(), "large"));
    api.work(
        key,
        "devon",
        "Task_ConfirmDevelopmentReadiness",
        Map.of(DEVELOPMENT_READINESS.getName(), "ready"));
    api.work(key, "quinn", "Task_ConfirmQaReadiness", Map.of(QA_READINESS.getName(), "ready"));
    api.work(
        key,
        "otto",
        "Task_ConfirmOperationsReadiness",
        Map.of(OPERATIONS_READINESS.getName(), "ready"));
    api.work(
        key,
        "otto",
        "Task_DeployManually",
        Map.of(MANUAL_DEPLOYMENT_RESULT.getName(), "succeeded"));
    api.work(
        key,
        "quinn",
        "Task_VerifyReleaseCandidate",
        Map.of(
            QA_RESULT.getName(),
            "pass",
            DEFECTS_FOUND.getName(),
            0,
            TEST_SUMMARY.getName(),
            "Payments pass"));
    String approval = api.waitForTask(key, "Task_ApproveAsReleaseManager");
    claim("paula", approval);

    // when: Paula rejects without a reason, then with an empty one
    var refused =
        api.call(
            "paula",
            HttpMethod.POST,
            "/engine-rest/task/" + approval + "/submit-form",
            Map.of("variables", variables(Map.of(DECISION.getName(), "reject"))));
    var empty =
        api.call(
            "paula",
            HttpMethod.POST,
            "/engine-rest/task/" + approval + "/complete",
            Map.of(
                "variables",
                variables(Map.of(DECISION.getName(), "reject", REASON.getName(), " "))));

    // then: refused with the rule, without the task's id
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(message(refused))
        .isEqualTo("A rejection needs a reason, so that the release can be planned again");
    assertThat(empty.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(message(empty))
        .isEqualTo("'Approve release' refuses what was entered: Reason for rejecting is required");
    assertThat(taskService.createTaskQuery().taskId(approval).count()).as("still open").isOne();

    // and with the reason the form asks for, the rejection is recorded with it as the approver's
    // comment
    var rejected =
        api.call(
            "paula",
            HttpMethod.POST,
            "/engine-rest/task/" + approval + "/submit-form",
            Map.of(
                "variables",
                variables(
                    Map.of(DECISION.getName(), "reject", REASON.getName(), "No rollback plan"))));
    assertThat(rejected.getStatusCode())
        .as("%s", rejected.getBody())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(
            (Map<String, Object>)
                api.call("rita", HttpMethod.GET, "/api/releases/" + key, null)
                    .getBody()
                    .get("approval"))
        .containsEntry(REJECTED_BY.getName(), "paula")
        .containsEntry(REJECTION_REASON.getName(), "No rollback plan");
    var timeline =
        api.call("rita", HttpMethod.GET, "/api/releases/" + key + "/timeline", null)
            .getBody()
            .toString();
    assertThat(timeline).contains("Rejected: No rollback plan");
  }

  private static Map<String, Object> request(String targetDate) {
    return Map.of(
        SERVICE.getName(),
        "payments",
        VERSION.getName(),
        "2.7.0",
        TARGET_DATE.getName(),
        targetDate,
        RELEASE_TYPE.getName(),
        "regular",
        SCOPE_SUMMARY.getName(),
        "Refunds in bulk",
        HAS_DATABASE_MIGRATIONS.getName(),
        false,
        CUSTOMER_FACING.getName(),
        false);
  }

  private static String message(ResponseEntity<Map<String, Object>> answer) {
    return String.valueOf(answer.getBody().get("message"));
  }

  private void claim(String user, String taskId) {
    assertThat(
            api.call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/claim",
                    Map.of("userId", user))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }
}
