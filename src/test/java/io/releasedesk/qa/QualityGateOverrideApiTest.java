package io.releasedesk.qa;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDE_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Variables;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * QA overrides the quality gate's fail through Release Desk's API, and only so: with a justification, as a member of
 * QA, for the current candidate the gate failed. Doors covered: the API ({@code POST .../override}: QA, a developer,
 * the CI account), the engine REST API (the message, bare and with variables; process instance modification) and Java
 * (the message sent as an authenticated person). Afterwards the override shows in the release's facts, its
 * candidates, its timeline and QA's form.
 */
@ApplicationTest
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "releasedesk.qa.results-timeout=PT1H",
      "releasedesk.qa.critical-suites=io.shop.payments.*",
      "releasedesk.qa.max-report-size=64KB"
    })
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class QualityGateOverrideApiTest {

  static final String RELEASE = "search@7.3.0";
  static final String CANDIDATE = "7.3.0-rc.1";
  static final String OVERRIDE =
      "/api/releases/" + RELEASE + "/candidates/" + CANDIDATE + "/override";
  static final String WHY =
      "The failing smoke test hits the sandbox card network, down since this morning";

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
  @Autowired IdentityService identityService;

  String releaseId;

  @AfterEach
  void forgetTheRelease() {
    // tests sharing this application find open tasks by their kind
    if (releaseId != null) {
      Cleanup.forget(runtimeService, releaseId);
    }
  }

  @Test
  void qaOverridesTheGatesFailThroughTheApiOnlyAndTheReleaseShowsIt(CapturedOutput output) {
    environments.stubFor(
        post(urlPathMatching("/deploy/.*")).willReturn(aResponse().withStatus(202)));
    environments.stubFor(
        get(urlPathMatching("/health/.*")).willReturn(aResponse().withStatus(200)));
    var started =
        call(
            "rita",
            HttpMethod.POST,
            "/api/releases",
            Map.of(
                SERVICE.getName(),
                "search",
                VERSION.getName(),
                "7.3.0",
                TARGET_DATE.getName(),
                LocalDate.now().plusDays(7).toString(),
                RELEASE_TYPE.getName(),
                "regular",
                SCOPE_SUMMARY.getName(),
                "Facets",
                HAS_DATABASE_MIGRATIONS.getName(),
                false,
                CUSTOMER_FACING.getName(),
                false));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.CREATED);
    releaseId = (String) started.getBody().get("processInstanceId");
    api().work(RELEASE, "rita", "Task_PlanRelease", Map.of(CHANGE_SIZE.getName(), "small"));
    api()
        .work(
            RELEASE,
            "devon",
            "Task_ConfirmDevelopmentReadiness",
            Map.of(DEVELOPMENT_READINESS.getName(), "ready"));
    api()
        .work(RELEASE, "quinn", "Task_ConfirmQaReadiness", Map.of(QA_READINESS.getName(), "ready"));
    api()
        .work(
            RELEASE,
            "otto",
            "Task_ConfirmOperationsReadiness",
            Map.of(OPERATIONS_READINESS.getName(), "ready"));
    await()
        .atMost(Duration.ofSeconds(150))
        .until(
            () ->
                !api()
                    .list(
                        "admin",
                        "/engine-rest/event-subscription?eventName=TestResultsReceived&maxResults=10&processInstanceId="
                            + releaseId)
                    .isEmpty());
    int logMark = output.getAll().length();

    // before the gate has spoken there is nothing to override
    assertThat(
            detail(
                call("quinn", HttpMethod.POST, OVERRIDE, Map.of("justification", WHY)),
                HttpStatus.CONFLICT))
        .contains(
            "The quality gate did not fail candidate 7.3.0-rc.1 of search@7.3.0: it has no verdict");

    // CI's results fail a critical suite: the developers are asked to fix the candidate
    var failed =
        call(
            "ci-bot",
            HttpMethod.POST,
            "/api/releases/" + RELEASE + "/candidates/" + CANDIDATE + "/test-results",
            Map.of(
                "suite",
                "io.shop.payments.Smoke",
                "passed",
                9,
                "failed",
                1,
                "skipped",
                0,
                "runUrl",
                "https://ci.example.com/search/runs/7"));
    assertThat(failed.getStatusCode()).as("%s", failed.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(failed.getBody()).containsEntry("verdict", "fail");
    String fix = api().waitForTask(RELEASE, "Task_FixDefects");

    // the API: only QA, only with a justification, only the current candidate, only a release there
    // is
    assertThat(
            detail(
                call("devon", HttpMethod.POST, OVERRIDE, Map.of("justification", WHY)),
                HttpStatus.FORBIDDEN))
        .contains("Only QA (group qa) overrides the quality gate; devon is not a member");
    assertThat(call("ci-bot", HttpMethod.POST, OVERRIDE, Map.of("justification", WHY)))
        .satisfies(answer -> assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN))
        .satisfies(
            answer ->
                assertThat(answer.getBody().get("message").toString())
                    .contains("A CI account posts test results"));
    assertThat(
            detail(
                call("quinn", HttpMethod.POST, OVERRIDE, Map.of("justification", "  ")),
                HttpStatus.BAD_REQUEST))
        .contains("needs a justification");
    assertThat(detail(call("quinn", HttpMethod.POST, OVERRIDE, Map.of()), HttpStatus.BAD_REQUEST))
        .contains("needs a justification");
    assertThat(
            detail(
                call("quinn", HttpMethod.POST, OVERRIDE, Map.of("justification", "x".repeat(4001))),
                HttpStatus.BAD_REQUEST))
        .contains("at most 4000 characters");
    assertThat(
            detail(
                call(
                    "quinn",
                    HttpMethod.POST,
                    OVERRIDE.replace("rc.1", "rc.0"),
                    Map.of("justification", WHY)),
                HttpStatus.CONFLICT))
        .contains(
            "Candidate 7.3.0-rc.0 of search@7.3.0 is not current: the current one is "
                + "7.3.0-rc.1");
    assertThat(
            call(
                    "quinn",
                    HttpMethod.POST,
                    OVERRIDE.replace(RELEASE, "search@9.9.9"),
                    Map.of("justification", WHY))
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    // the engine REST API: the bare message is refused by the model's step, one with variables and
    // process instance
    // modification by the engine's rules, administrators included
    assertThat(
            call(
                "admin",
                HttpMethod.POST,
                "/engine-rest/message",
                Map.of(
                    "messageName",
                    ReleaseProcess.MESSAGE_QUALITY_GATE_OVERRIDDEN,
                    "processInstanceId",
                    releaseId)))
        .satisfies(answer -> assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST))
        .satisfies(
            answer ->
                assertThat(answer.getBody().get("message").toString())
                    .contains(
                        "QA overrides the quality gate with a justification, through POST "
                            + OVERRIDE));
    assertThat(
            call(
                    "admin",
                    HttpMethod.POST,
                    "/engine-rest/message",
                    Map.of(
                        "messageName",
                        ReleaseProcess.MESSAGE_QUALITY_GATE_OVERRIDDEN,
                        "processInstanceId",
                        releaseId,
                        "processVariables",
                        variables(
                            Map.of(
                                Variables.QUALITY_GATE_OVERRIDDEN_BY.getName(),
                                "quinn",
                                Variables.QUALITY_GATE_OVERRIDE_JUSTIFICATION.getName(),
                                WHY))))
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            call(
                    "admin",
                    HttpMethod.POST,
                    "/engine-rest/process-instance/" + releaseId + "/modification",
                    Map.of(
                        "instructions",
                        List.of(
                            Map.of(
                                "type",
                                "startBeforeActivity",
                                "activityId",
                                ReleaseProcess.Elements.TASK_RECORD_QUALITY_GATE_OVERRIDE))))
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    // Java, as a member of QA: a message may not carry who and why
    identityService.setAuthentication("quinn", List.of(ReleaseProcess.Groups.QA));
    try {
      assertThatThrownBy(
              () ->
                  runtimeService
                      .createMessageCorrelation(ReleaseProcess.MESSAGE_QUALITY_GATE_OVERRIDDEN)
                      .processInstanceId(releaseId)
                      .setVariable(Variables.QUALITY_GATE_OVERRIDDEN_BY.getName(), "quinn")
                      .setVariable(Variables.QUALITY_GATE_OVERRIDE_JUSTIFICATION.getName(), WHY)
                      .correlateWithResult())
          .isInstanceOf(AuthorizationException.class)
          .hasMessageContaining("may not carry variables");
    } finally {
      identityService.clearAuthentication();
    }
    assertThat(call("admin", HttpMethod.GET, "/engine-rest/task/" + fix, null).getStatusCode())
        .as("the developers' task is still open")
        .isEqualTo(HttpStatus.OK);

    // Quinn overrides it: the candidate goes to QA's verification
    Instant before = Instant.now().minusSeconds(1);
    var overridden = call("quinn", HttpMethod.POST, OVERRIDE, Map.of("justification", WHY));
    assertThat(overridden.getStatusCode()).as("%s", overridden.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(overridden.getBody())
        .containsEntry("releaseKey", RELEASE)
        .containsEntry("candidate", CANDIDATE)
        .containsEntry("verdict", "fail")
        .containsEntry(REASON.getName(), "Tests failed in a critical suite")
        .containsEntry("overriddenBy", "quinn")
        .containsEntry("justification", WHY);
    String at = (String) overridden.getBody().get("overriddenAt");
    assertThat(Instant.parse(at)).isBetween(before, Instant.now().plusSeconds(1));
    assertThat(
            detail(
                call("quinn", HttpMethod.POST, OVERRIDE, Map.of("justification", WHY)),
                HttpStatus.CONFLICT))
        .contains("QA overrode the quality gate's fail of 7.3.0-rc.1 of search@7.3.0 already");
    assertThat(call("admin", HttpMethod.GET, "/engine-rest/task/" + fix, null).getStatusCode())
        .as("the developers' task ended")
        .isEqualTo(HttpStatus.NOT_FOUND);

    // QA's form, the release's facts, its candidates and its timeline show who overrode the gate,
    // when and why
    String verify = api().waitForTask(RELEASE, "Task_VerifyReleaseCandidate");
    assertThat(
            call("quinn", HttpMethod.GET, "/engine-rest/task/" + verify + "/form-variables", null)
                .getBody())
        .satisfies(
            form ->
                assertThat(form.toString())
                    .contains(WHY, QUALITY_GATE_OVERRIDDEN_BY.getName(), at));
    assertThat(
            (Map<String, Object>)
                call("rita", HttpMethod.GET, "/api/releases/" + RELEASE, null)
                    .getBody()
                    .get("facts"))
        .containsEntry(QUALITY_GATE.getName(), "fail")
        .containsEntry(QUALITY_GATE_REASON.getName(), "Tests failed in a critical suite")
        .containsEntry(QUALITY_GATE_OVERRIDDEN_BY.getName(), "quinn")
        .containsEntry(QUALITY_GATE_OVERRIDDEN_AT.getName(), at)
        .containsEntry(QUALITY_GATE_OVERRIDE_JUSTIFICATION.getName(), WHY);
    assertThat(api().list("rita", "/api/releases/" + RELEASE + "/candidates"))
        .singleElement()
        .satisfies(
            candidate ->
                assertThat(candidate)
                    .containsEntry("candidate", CANDIDATE)
                    .containsEntry("verdict", "fail")
                    .containsEntry("overriddenBy", "quinn")
                    .containsEntry("overrideJustification", WHY)
                    .satisfies(
                        entry ->
                            assertThat(Instant.parse((String) entry.get("overriddenAt")))
                                .isEqualTo(Instant.parse(at))));
    @SuppressWarnings("unchecked")
    var entries =
        (List<Map<String, Object>>)
            call("rita", HttpMethod.GET, "/api/releases/" + RELEASE + "/timeline", null)
                .getBody()
                .get("entries");
    assertThat(entries)
        .anySatisfy(
            entry ->
                assertThat(entry)
                    .containsEntry("kind", "gate")
                    .containsEntry(
                        "what",
                        "Quality gate: fail for 7.3.0-rc.1, Tests failed in a critical suite; 9 passed, "
                            + "1 failed, 0 skipped (90.0 % passed)"));
    assertThat(entries)
        .anySatisfy(
            entry ->
                assertThat(entry)
                    .containsEntry("kind", "override")
                    .containsEntry("who", "quinn")
                    .containsEntry(
                        "what",
                        "QA overrode the quality gate's fail of 7.3.0-rc.1 and sent it to verification: "
                            + WHY));
    assertThat(output.getAll().substring(logMark))
        .as("refusals are no server errors")
        .doesNotContain(" ERROR ");
  }

  private static String detail(ResponseEntity<Map<String, Object>> response, HttpStatus status) {
    assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(status);
    return String.valueOf(response.getBody().get("detail"));
  }

  ApiClient api() {
    return new ApiClient(rest);
  }

  ResponseEntity<Map<String, Object>> call(
      String user, HttpMethod method, String path, Object body) {
    return api().call(user, method, path, body);
  }
}
