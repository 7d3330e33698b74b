package io.releasedesk.release;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.REDO;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.support.ApiClient.releaseRequest;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
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
  ApiClient api;

  @BeforeEach
  void environmentsAnswer() {
    api = new ApiClient(rest);
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
    api.request(releaseRequest("payments", "2.4.0", "New checkout flow"));
    api.plan(KEY, "large");
    api.teamsReady(KEY);
    api.qaPasses(KEY, "Green");
    api.reject(KEY, "paula", "The rollback plan is missing");
    String plan = api.waitForTask(KEY, TASK_PLAN_RELEASE);
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/engine-rest/task/" + plan + "/claim",
                    Map.of("userId", "rita"))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    int logMark = output.getAll().length();

    // when Rita says only the approval must be redone but plans another version, through each door
    Map<String, Object> changedVersion =
        Map.of(
            CHANGE_SIZE.getName(),
            "large",
            VERSION.getName(),
            "2.5.0",
            REDO.getName(),
            WhatMustBeRedone.APPROVAL);
    String engine = "/engine-rest/task/" + plan;
    var tasklist =
        TasklistSession.login("http://localhost:" + port, "rita", "rita")
            .post(
                "task/" + plan + "/submit-form",
                json(Map.of("variables", variables(changedVersion))));
    var submitForm = api.submit("rita", plan, changedVersion);
    var complete =
        api.call(
            "rita",
            HttpMethod.POST,
            engine + "/complete",
            Map.of("variables", variables(changedVersion)));
    // nor can the version be set first and the plan completed after: a planner works on the task,
    // no more
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.PUT,
                    engine + "/variables/" + VERSION.getName(),
                    variables(changedVersion).get(VERSION.getName()))
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
    assertThat(api.openTask(KEY, TASK_PLAN_RELEASE)).isEqualTo(plan);
    assertThat(output.getAll().substring(logMark))
        .as("a refusal is no server error")
        .doesNotContain(" ERROR ", "HTTP500");

    // when the plan keeps the version, the same candidate goes straight to a fresh approval round
    var keep =
        api.submit(
            "rita",
            plan,
            Map.of(
                CHANGE_SIZE.getName(),
                "large",
                VERSION.getName(),
                "2.4.0",
                REDO.getName(),
                WhatMustBeRedone.APPROVAL));
    assertThat(keep.getStatusCode()).as("%s", keep.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    api.waitForTask(KEY, TASK_APPROVE_AS_RELEASE_MANAGER);

    var status = api.status(KEY);
    assertThat((Map<String, Object>) status.get("approval"))
        .containsEntry("round", 2)
        .containsEntry(DECISION.getName(), null)
        .containsEntry(REJECTED_BY.getName(), null)
        .containsEntry(REDO.getName(), null);
    List<Map<String, Object>> rounds = (List<Map<String, Object>>) status.get("rounds");
    assertThat(rounds.get(0))
        .containsEntry(DECISION.getName(), "reject")
        .containsEntry(REJECTED_BY.getName(), "paula")
        .containsEntry(REDO.getName(), "approval");
    assertThat((Map<String, Object>) status.get("facts"))
        .containsEntry(CANDIDATE_VERSION.getName(), "2.4.0-rc.1")
        .doesNotContainKeys(APPROVAL_DECISION.getName(), REJECTION_REASON.getName());
    List<String> told =
        ((List<Map<String, Object>>)
                api.call("mona", HttpMethod.GET, "/api/releases/" + KEY + "/timeline", null)
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

    api.approve(KEY, "paula", "Go");
    assertThat((List<Map<String, Object>>) api.status(KEY).get("rounds"))
        .extracting(round -> round.get(DECISION.getName()))
        .containsExactly("reject", "approve");
  }

  private static String json(Object value) throws Exception {
    return new ObjectMapper().writeValueAsString(value);
  }
}
