package io.releasedesk.release;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.REDO;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * After a rejected approval, redoing only the approval while the plan changes the version is refused with 400 and a
 * sentence saying why, and changes nothing, through every door a plan is submitted by: Tasklist (the webapps' engine
 * API, as its form submits) and the engine REST API's {@code submit-form} and {@code complete}. Setting the version on
 * the task first is no door: a planner may work on the task (claim, complete), not set its variables apart from
 * completing it. Java's door (the engine's task service) is RedoAfterRejectionProcessTest's; Release
 * Desk's own API has no door to the plan. Accepted, the same candidate goes straight to a fresh approval round, and
 * the release's rounds and timeline tell it.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class RedoAfterRejectionThroughRestTest {

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
    String production = "releasedesk.deployment.environments.production.";
    registry.add(production + "target", () -> "manual");
    registry.add(production + "health-url", () -> environments.baseUrl() + "/health/production");
  }

  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  @BeforeEach
  void environmentsAnswer() {
    environments.stubFor(
        post(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    environments.stubFor(
        get(urlEqualTo("/health/production")).willReturn(aResponse().withStatus(200)));
  }

  @Test
  void onlyTheApprovalIsRefusedThroughEveryDoorWhenThePlanChangesTheVersionAndTakenWhenItDoesNot(
      CapturedOutput output) throws Exception {
    // given payments 2.4.0, verified as 2.4.0-rc.1 and rejected by Paula
    var started =
        call(
            "rita",
            HttpMethod.POST,
            "/api/releases",
            Map.of(
                "service",
                "payments",
                "version",
                "2.4.0",
                "targetDate",
                LocalDate.now().plusDays(7).toString(),
                "releaseType",
                "regular",
                "scopeSummary",
                "New checkout flow",
                "hasDatabaseMigrations",
                false,
                "customerFacing",
                false));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.CREATED);
    work("rita", TASK_PLAN_RELEASE, Map.of(CHANGE_SIZE.getName(), "large"));
    work("devon", TASK_CONFIRM_DEVELOPMENT_READINESS, Map.of("developmentReadiness", "ready"));
    work("quinn", TASK_CONFIRM_QA_READINESS, Map.of("qaReadiness", "ready"));
    work("otto", TASK_CONFIRM_OPERATIONS_READINESS, Map.of("operationsReadiness", "ready"));
    work(
        "quinn",
        TASK_VERIFY_RELEASE_CANDIDATE,
        Map.of("qaResult", "pass", "defectsFound", 0, "testSummary", "Green"));
    work(
        "paula",
        TASK_APPROVE_AS_RELEASE_MANAGER,
        Map.of(DECISION.getName(), "reject", COMMENT.getName(), "The rollback plan is missing"));
    String plan = waitForTask(TASK_PLAN_RELEASE);
    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/engine-rest/task/" + plan + "/claim",
                    Map.of("userId", "rita"))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    int logMark = output.getAll().length();

    // when Rita says only the approval must be redone but plans another version, through each door
    var changedVersion =
        variables(
            Map.of(
                CHANGE_SIZE.getName(),
                "large",
                VERSION.getName(),
                "2.5.0",
                REDO.getName(),
                WhatMustBeRedone.APPROVAL));
    String engine = "/engine-rest/task/" + plan;
    var tasklist =
        TasklistSession.login("http://localhost:" + port, "rita", "rita")
            .post("task/" + plan + "/submit-form", json(Map.of("variables", changedVersion)));
    var submitForm =
        call("rita", HttpMethod.POST, engine + "/submit-form", Map.of("variables", changedVersion));
    var complete =
        call("rita", HttpMethod.POST, engine + "/complete", Map.of("variables", changedVersion));
    // nor can the version be set first and the plan completed after: a planner works on the task,
    // no more
    assertThat(
            call(
                    "rita",
                    HttpMethod.PUT,
                    engine + "/variables/" + VERSION.getName(),
                    changedVersion.get(VERSION.getName()))
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    // then each door refuses it with 400 and the rule in words, and the plan stays open
    String why =
        "Only the approval can be asked again for the same candidate 2.4.0-rc.1, which was cut, verified "
            + "and assessed for the plan as it was; this plan changes the version (2.4.0 → 2.5.0): choose everything";
    assertThat(tasklist.statusCode()).as(tasklist.body()).isEqualTo(400);
    assertThat(new ObjectMapper().readTree(tasklist.body()).path("message").asText()).contains(why);
    for (var answer : List.of(submitForm, complete)) {
      assertThat(answer.getStatusCode())
          .as("%s", answer.getBody())
          .isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat((String) answer.getBody().get("message")).contains(why);
    }
    assertThat(waitForTask(TASK_PLAN_RELEASE)).isEqualTo(plan);
    assertThat(output.getAll().substring(logMark))
        .as("a refusal is no server error")
        .doesNotContain(" ERROR ", "HTTP500");

    // when the plan keeps the version, the same candidate goes straight to a fresh approval round
    var keep =
        call(
            "rita",
            HttpMethod.POST,
            engine + "/submit-form",
            Map.of(
                "variables",
                variables(
                    Map.of(
                        CHANGE_SIZE.getName(),
                        "large",
                        VERSION.getName(),
                        "2.4.0",
                        REDO.getName(),
                        WhatMustBeRedone.APPROVAL))));
    assertThat(keep.getStatusCode()).as("%s", keep.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    waitForTask(TASK_APPROVE_AS_RELEASE_MANAGER);

    var status = call("rita", HttpMethod.GET, "/api/releases/" + KEY, null).getBody();
    assertThat((Map<String, Object>) status.get("approval"))
        .containsEntry("round", 2)
        .containsEntry("decision", null)
        .containsEntry("rejectedBy", null)
        .containsEntry("redo", null);
    List<Map<String, Object>> rounds = (List<Map<String, Object>>) status.get("rounds");
    assertThat(rounds.get(0))
        .containsEntry("decision", "reject")
        .containsEntry("rejectedBy", "paula")
        .containsEntry("redo", "approval");
    assertThat((Map<String, Object>) status.get("facts"))
        .containsEntry("candidateVersion", "2.4.0-rc.1")
        .doesNotContainKeys("approvalDecision", "rejectionReason");
    List<String> told =
        ((List<Map<String, Object>>)
                call("mona", HttpMethod.GET, "/api/releases/" + KEY + "/timeline", null)
                    .getBody()
                    .get("entries"))
            .stream().map(entry -> entry.get("kind") + "|" + entry.get("what")).toList();
    assertThat(told)
        .contains(
            "planned|Planned version 2.4.0 for "
                + LocalDate.now().plusDays(7)
                + ", a large change;"
                + " after the rejection only the approval is asked again, for the same candidate 2.4.0-rc.1");
    assertThat(told).filteredOn(line -> line.startsWith("candidate|")).hasSize(1);
    assertThat(told).filteredOn(line -> line.startsWith("readiness|")).hasSize(3);

    work(
        "paula",
        TASK_APPROVE_AS_RELEASE_MANAGER,
        Map.of(DECISION.getName(), "approve", COMMENT.getName(), "Go"));
    var approved = call("rita", HttpMethod.GET, "/api/releases/" + KEY, null).getBody();
    assertThat((List<Map<String, Object>>) approved.get("rounds"))
        .extracting(round -> round.get("decision"))
        .containsExactly("reject", "approve");
  }

  /** The person claims the release's open task of this kind and submits its form. */
  private void work(String user, String taskKey, Map<String, Object> values) {
    String taskId = waitForTask(taskKey);
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

  /** Waits until the job executor has moved the release on to an open task of this kind. */
  private String waitForTask(String taskKey) {
    return await()
        .atMost(Duration.ofSeconds(180))
        .until(
            () -> {
              var tasks =
                  new ApiClient(rest)
                      .list(
                          "admin",
                          "/engine-rest/task?maxResults=10&taskDefinitionKey="
                              + taskKey
                              + "&processInstanceBusinessKey="
                              + KEY);
              return tasks == null || tasks.isEmpty() ? null : (String) tasks.get(0).get("id");
            },
            id -> id != null);
  }

  private ResponseEntity<Map<String, Object>> call(
      String user, HttpMethod method, String path, Object body) {
    return new ApiClient(rest).call(user, method, path, body);
  }

  private static String json(Object value) throws Exception {
    return new ObjectMapper().writeValueAsString(value);
  }
}
