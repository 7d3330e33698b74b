package io.releasedesk.release;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.support.ApiClient.variables;
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
import org.springframework.http.ResponseEntity;
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
  void environmentsAreHealthy() {
    environments.stubFor(get(urlMatching("/health/.*")).willReturn(aResponse().withStatus(200)));
  }

  @Autowired TestRestTemplate rest;
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
        call(
            "rita",
            HttpMethod.POST,
            "/api/releases",
            Map.of(
                "service",
                "checkout",
                "version",
                "3.4.0",
                "targetDate",
                targetDate(),
                "releaseType",
                "regular",
                "scopeSummary",
                "Saved carts",
                "hasDatabaseMigrations",
                false,
                "customerFacing",
                true));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.CREATED);

    // the plan previews the risk for each size of change, with the rule that decides it
    String preview =
        (String) formVariable("rita", waitForTask(key, "Task_PlanRelease"), "riskPreview");
    assertThat(preview)
        .contains(
            "Small change: **low** risk, approved automatically",
            "Medium change: **medium** risk, a release manager approves (rule: Medium customer-facing change)",
            "Large change: **high** risk, two CAB members approve (rule: Large customer-facing change)")
        .doesNotContain("the size the last plan chose");
    work(key, "rita", "Task_PlanRelease", Map.of("changeSize", "large"));
    work(
        key,
        "devon",
        "Task_ConfirmDevelopmentReadiness",
        Map.of(
            "developmentReadiness",
            "not-ready",
            "developmentNotes",
            "The feature flag is missing"));
    work(key, "quinn", "Task_ConfirmQaReadiness", Map.of("qaReadiness", "ready"));
    work(key, "otto", "Task_ConfirmOperationsReadiness", Map.of("operationsReadiness", "ready"));

    // back at the plan, the preview is computed again and marks the size the last plan chose
    assertThat((String) formVariable("rita", waitForTask(key, "Task_PlanRelease"), "riskPreview"))
        .contains(
            "Large change: **high** risk, two CAB members approve (rule: Large customer-facing change) "
                + "(the size the last plan chose)");
    work(key, "rita", "Task_PlanRelease", Map.of("changeSize", "large"));

    // the teams, asked again, read why
    assertThat(
            formVariable("quinn", waitForTask(key, "Task_ConfirmQaReadiness"), "askedAgainBecause"))
        .isEqualTo(
            "Development was not ready for the last plan: The feature flag is missing. The release manager "
                + "planned it again.");
    teamsReady(key);

    // staging by hand: the operator reads what is deployed; no warning before staging
    String staging = waitForTask(key, "Task_DeployManually");
    assertThat((String) formVariable("otto", staging, "deploymentContext"))
        .contains(
            "**Deploys** checkout 3.4.0, candidate 3.4.0-rc.1, commit `",
            "**Database migrations:** no",
            "**Customer-facing:** yes",
            "**Risk:** high (Large customer-facing change)");
    assertThat(formVariable("otto", staging, "deploymentWarning")).isNull();
    work(key, "otto", "Task_DeployManually", Map.of("manualDeploymentResult", "succeeded"));

    // QA's form does not guess the defects found: the field starts empty
    String verify = waitForTask(key, "Task_VerifyReleaseCandidate");
    var verifyForm =
        new ApiClient(rest)
            .call("quinn", HttpMethod.GET, "/engine-rest/task/" + verify + "/deployed-form", null)
            .getBody();
    assertThat((java.util.List<Map<String, Object>>) verifyForm.get("components"))
        .filteredOn(component -> "defectsFound".equals(component.get("key")))
        .singleElement()
        .satisfies(field -> assertThat(field).doesNotContainKey("defaultValue"));
    assertThat(formVariables("quinn", verify)).doesNotContainKey("defectsFound");
    work(
        key,
        "quinn",
        "Task_VerifyReleaseCandidate",
        Map.of("qaResult", "pass", "defectsFound", 2, "testSummary", "Carts survive a logout"));

    // the approvers read the teams' answers, the size of the change and the defects QA found
    String approval = waitForTask(key, "Task_ApproveAsCabMember");
    assertThat(formVariables("carol", approval))
        .containsEntry("changeSize", "large")
        .containsEntry("defectsFound", 2)
        .containsEntry("developmentReadiness", "ready")
        .containsEntry("qaReadiness", "ready")
        .containsEntry("operationsReadiness", "ready");

    // Carol rejects with the reason the form asks for; the teams, asked again, read it
    work(
        key,
        "carol",
        "Task_ApproveAsCabMember",
        Map.of("decision", "reject", "reason", "No rollback plan"));
    assertThat(
            (Map<String, Object>)
                call("rita", HttpMethod.GET, "/api/releases/" + key, null)
                    .getBody()
                    .get("approval"))
        .containsEntry("rejectedBy", "carol")
        .containsEntry("rejectionReason", "No rollback plan");
    work(key, "rita", "Task_PlanRelease", Map.of("changeSize", "large"));
    assertThat(
            formVariable(
                "devon", waitForTask(key, "Task_ConfirmDevelopmentReadiness"), "askedAgainBecause"))
        .isEqualTo(
            "carol rejected the last plan: No rollback plan. The release manager planned it again.");
    teamsReady(key);
    work(key, "otto", "Task_DeployManually", Map.of("manualDeploymentResult", "succeeded"));
    work(
        key,
        "quinn",
        "Task_VerifyReleaseCandidate",
        Map.of("qaResult", "pass", "defectsFound", 0, "testSummary", "Rollback rehearsed"));
    work(key, "carol", "Task_ApproveAsCabMember", Map.of("decision", "approve"));
    work(key, "chris", "Task_ApproveAsCabMember", Map.of("decision", "approve", "comment", "Go"));

    // production by hand, a week before the target date: the operator is warned
    String production =
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () -> waitForTask(key, "Task_DeployManually"),
                id -> "production".equals(formVariable("otto", id, "environment")));
    assertThat((String) formVariable("otto", production, "deploymentContext"))
        .contains(
            "**Deploys** checkout 3.4.0, candidate 3.4.0-rc.2, commit `",
            "**Approved by:** carol, chris",
            "**Target date:** " + targetDate());
    assertThat(formVariable("otto", production, "deploymentWarning"))
        .isEqualTo(
            "Today ("
                + LocalDate.now(java.time.ZoneOffset.UTC)
                + ") is before the release's target date "
                + targetDate()
                + ".");
    work(key, "otto", "Task_DeployManually", Map.of("manualDeploymentResult", "succeeded"));

    // the retrospective tells the release's story
    String timeline =
        (String)
            formVariable("rita", waitForTask(key, "Task_HoldRetrospective"), "releaseTimeline");
    assertThat(timeline)
        .contains(
            "· rita · Requested checkout 3.4.0",
            "· carol · Rejected as CAB member: No rollback plan",
            "· chris · Approved as CAB member: Go",
            "Production: 3.4.0 deployed by hand");
  }

  private static String targetDate() {
    return LocalDate.now().plusDays(7).toString();
  }

  private void teamsReady(String key) {
    work(key, "devon", "Task_ConfirmDevelopmentReadiness", Map.of("developmentReadiness", "ready"));
    work(key, "quinn", "Task_ConfirmQaReadiness", Map.of("qaReadiness", "ready"));
    work(key, "otto", "Task_ConfirmOperationsReadiness", Map.of("operationsReadiness", "ready"));
  }

  /** The variables a task's form shows, as Tasklist loads them. */
  private Map<String, Object> formVariables(String user, String taskId) {
    var answer =
        call(user, HttpMethod.GET, "/engine-rest/task/" + taskId + "/form-variables", null);
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
    var values = new java.util.HashMap<String, Object>();
    answer.getBody().forEach((name, typed) -> values.put(name, ((Map<?, ?>) typed).get("value")));
    return values;
  }

  private Object formVariable(String user, String taskId, String name) {
    return formVariables(user, taskId).get(name);
  }

  /** The person claims the release's open task of this kind and submits its form. */
  private void work(String key, String user, String taskKey, Map<String, Object> values) {
    String taskId = waitForTask(key, taskKey);
    assertThat(
            call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/claim",
                    Map.of("userId", user))
                .getStatusCode())
        .as("%s claims %s", user, taskKey)
        .isEqualTo(HttpStatus.NO_CONTENT);
    var completed =
        call(
            user,
            HttpMethod.POST,
            "/engine-rest/task/" + taskId + "/submit-form",
            Map.of("variables", variables(values)));
    assertThat(completed.getStatusCode())
        .as("%s completes %s: %s", user, taskKey, completed.getBody())
        .isIn(HttpStatus.OK, HttpStatus.NO_CONTENT);
  }

  /**
   * Waits (patiently: the machines that run the tests are busy) until the job executor has moved the release on to an
   * open task of this kind nobody holds.
   */
  private String waitForTask(String key, String taskKey) {
    return await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              var tasks =
                  new ApiClient(rest)
                      .list(
                          "admin",
                          "/engine-rest/task?maxResults=10&unassigned=true"
                              + "&taskDefinitionKey="
                              + taskKey
                              + "&processInstanceBusinessKey="
                              + key);
              return tasks == null || tasks.isEmpty() ? null : (String) tasks.get(0).get("id");
            },
            id -> id != null);
  }

  private ResponseEntity<Map<String, Object>> call(
      String user, HttpMethod method, String path, Object body) {
    return new ApiClient(rest).call(user, method, path, body);
  }
}
