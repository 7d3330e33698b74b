package io.releasedesk.release;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.deployment.DeploymentProcess.Variables.DEPLOYMENT_CONTEXT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.DEPLOYMENT_WARNING;
import static io.releasedesk.deployment.DeploymentProcess.Variables.ENVIRONMENT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.MANUAL_DEPLOYMENT_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.ASKED_AGAIN_BECAUSE;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_NOTES;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TIMELINE;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_PREVIEW;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What each form of a release shows when its task opens, read as Tasklist reads it (the task's form variables through
 * the engine REST API): the plan previews the risk the risk table will give, teams asked a second time read why, the
 * approvers the teams' answers, size and defects, the manual deployment what it deploys and a warning before the
 * target date, the retrospective the release's timeline. And the rejection reason the approval form asks for.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class FormsGiveTheContextTest {

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

  @AfterEach
  void forgetReleases() {
    Cleanup.forgetReleases(runtimeService);
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachFormShowsWhatItsStepNeedsToDecide() {
    // given: a customer-facing change without migrations, requested by Rita
    String key = "checkout@3.4.0";
    var started =
        api.call(
            "rita",
            HttpMethod.POST,
            "/api/releases",
            Map.of(
                SERVICE.getName(),
                "checkout",
                VERSION.getName(),
                "3.4.0",
                TARGET_DATE.getName(),
                ApiClient.targetDate(),
                RELEASE_TYPE.getName(),
                "regular",
                SCOPE_SUMMARY.getName(),
                "Saved carts",
                HAS_DATABASE_MIGRATIONS.getName(),
                false,
                CUSTOMER_FACING.getName(),
                true));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.CREATED);

    // the plan previews the risk for each size of change, with the rule that decides it
    String preview =
        (String)
            formVariable("rita", api.waitForTask(key, "Task_PlanRelease"), RISK_PREVIEW.getName());
    assertThat(preview)
        .contains(
            "Small change: **low** risk, approved automatically",
            "Medium change: **medium** risk, a release manager approves (rule: Medium customer-facing change)",
            "Large change: **high** risk, two CAB members approve (rule: Large customer-facing change)")
        .doesNotContain("the size the last plan chose");
    api.work(key, "rita", "Task_PlanRelease", Map.of(CHANGE_SIZE.getName(), "large"));
    api.work(
        key,
        "devon",
        "Task_ConfirmDevelopmentReadiness",
        Map.of(
            DEVELOPMENT_READINESS.getName(),
            "not-ready",
            DEVELOPMENT_NOTES.getName(),
            "The feature flag is missing"));
    api.work(key, "quinn", "Task_ConfirmQaReadiness", Map.of(QA_READINESS.getName(), "ready"));
    api.work(
        key,
        "otto",
        "Task_ConfirmOperationsReadiness",
        Map.of(OPERATIONS_READINESS.getName(), "ready"));

    // back at the plan, the preview is computed again and marks the size the last plan chose
    assertThat(
            (String)
                formVariable(
                    "rita", api.waitForTask(key, "Task_PlanRelease"), RISK_PREVIEW.getName()))
        .contains(
            "Large change: **high** risk, two CAB members approve (rule: Large customer-facing change) "
                + "(the size the last plan chose)");
    api.work(key, "rita", "Task_PlanRelease", Map.of(CHANGE_SIZE.getName(), "large"));

    // the teams, asked again, read why
    assertThat(
            formVariable(
                "quinn",
                api.waitForTask(key, "Task_ConfirmQaReadiness"),
                ASKED_AGAIN_BECAUSE.getName()))
        .isEqualTo(
            "Development was not ready for the last plan: The feature flag is missing. The release manager "
                + "planned it again.");
    api.teamsReady(key);

    // staging by hand: the operator reads what is deployed; no warning before staging
    String staging = api.waitForTask(key, "Task_DeployManually");
    assertThat((String) formVariable("otto", staging, DEPLOYMENT_CONTEXT.getName()))
        .contains(
            "**Deploys** checkout 3.4.0, candidate 3.4.0-rc.1, commit `",
            "**Database migrations:** no",
            "**Customer-facing:** yes",
            "**Risk:** high (Large customer-facing change)");
    assertThat(formVariable("otto", staging, DEPLOYMENT_WARNING.getName())).isNull();
    api.work(
        key,
        "otto",
        "Task_DeployManually",
        Map.of(MANUAL_DEPLOYMENT_RESULT.getName(), "succeeded"));

    // QA's form does not guess the defects found: the field starts empty
    String verify = api.waitForTask(key, "Task_VerifyReleaseCandidate");
    var verifyForm =
        new ApiClient(rest)
            .call("quinn", HttpMethod.GET, "/engine-rest/task/" + verify + "/deployed-form", null)
            .getBody();
    assertThat((java.util.List<Map<String, Object>>) verifyForm.get("components"))
        .filteredOn(component -> DEFECTS_FOUND.getName().equals(component.get("key")))
        .singleElement()
        .satisfies(field -> assertThat(field).doesNotContainKey("defaultValue"));
    assertThat(formVariables("quinn", verify)).doesNotContainKey(DEFECTS_FOUND.getName());
    api.work(
        key,
        "quinn",
        "Task_VerifyReleaseCandidate",
        Map.of(
            QA_RESULT.getName(),
            "pass",
            DEFECTS_FOUND.getName(),
            2,
            TEST_SUMMARY.getName(),
            "Carts survive a logout"));

    // the approvers read the teams' answers, the size of the change and the defects QA found
    String approval = api.waitForTask(key, "Task_ApproveAsCabMember");
    assertThat(formVariables("carol", approval))
        .containsEntry(CHANGE_SIZE.getName(), "large")
        .containsEntry(DEFECTS_FOUND.getName(), 2)
        .containsEntry(DEVELOPMENT_READINESS.getName(), "ready")
        .containsEntry(QA_READINESS.getName(), "ready")
        .containsEntry(OPERATIONS_READINESS.getName(), "ready");

    // Carol rejects with the reason the form asks for; the teams, asked again, read it
    api.work(
        key,
        "carol",
        "Task_ApproveAsCabMember",
        Map.of(DECISION.getName(), "reject", REASON.getName(), "No rollback plan"));
    assertThat(
            (Map<String, Object>)
                api.call("rita", HttpMethod.GET, "/api/releases/" + key, null)
                    .getBody()
                    .get("approval"))
        .containsEntry(REJECTED_BY.getName(), "carol")
        .containsEntry(REJECTION_REASON.getName(), "No rollback plan");
    api.work(key, "rita", "Task_PlanRelease", Map.of(CHANGE_SIZE.getName(), "large"));
    assertThat(
            formVariable(
                "devon",
                api.waitForTask(key, "Task_ConfirmDevelopmentReadiness"),
                ASKED_AGAIN_BECAUSE.getName()))
        .isEqualTo(
            "carol rejected the last plan: No rollback plan. The release manager planned it again.");
    api.teamsReady(key);
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
            "Rollback rehearsed"));
    api.work(key, "carol", "Task_ApproveAsCabMember", Map.of(DECISION.getName(), "approve"));
    api.work(
        key,
        "chris",
        "Task_ApproveAsCabMember",
        Map.of(DECISION.getName(), "approve", COMMENT.getName(), "Go"));

    // production by hand, a week before the target date: the operator is warned
    String production =
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () -> api.waitForTask(key, "Task_DeployManually"),
                id -> "production".equals(formVariable("otto", id, ENVIRONMENT.getName())));
    assertThat((String) formVariable("otto", production, DEPLOYMENT_CONTEXT.getName()))
        .contains(
            "**Deploys** checkout 3.4.0, candidate 3.4.0-rc.2, commit `",
            "**Approved by:** carol, chris",
            "**Target date:** " + ApiClient.targetDate());
    assertThat(formVariable("otto", production, DEPLOYMENT_WARNING.getName()))
        .isEqualTo(
            "Today ("
                + LocalDate.now(java.time.ZoneOffset.UTC)
                + ") is before the release's target date "
                + ApiClient.targetDate()
                + ".");
    api.work(
        key,
        "otto",
        "Task_DeployManually",
        Map.of(MANUAL_DEPLOYMENT_RESULT.getName(), "succeeded"));

    // the retrospective tells the release's story
    String timeline =
        (String)
            formVariable(
                "rita", api.waitForTask(key, "Task_HoldRetrospective"), RELEASE_TIMELINE.getName());
    assertThat(timeline)
        .contains(
            "· rita · Requested checkout 3.4.0",
            "· carol · Rejected as CAB member: No rollback plan",
            "· chris · Approved as CAB member: Go",
            "Production: 3.4.0 deployed by hand");
  }

  /** The variables a task's form shows, as Tasklist loads them. */
  private Map<String, Object> formVariables(String user, String taskId) {
    var answer =
        api.call(user, HttpMethod.GET, "/engine-rest/task/" + taskId + "/form-variables", null);
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
    var values = new java.util.HashMap<String, Object>();
    answer.getBody().forEach((name, typed) -> values.put(name, ((Map<?, ?>) typed).get("value")));
    return values;
  }

  private Object formVariable(String user, String taskId, String name) {
    return formVariables(user, taskId).get(name);
  }
}
