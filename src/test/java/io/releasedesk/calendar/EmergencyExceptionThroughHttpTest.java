package io.releasedesk.calendar;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_EMERGENCY_EXCEPTION;
import static io.releasedesk.release.ReleaseProcess.MESSAGE_EMERGENCY_EXCEPTION_REQUESTED;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_ENDS_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.support.ApiClient.releaseRequest;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A hotfix held back by a freeze window asks for an emergency exception through Release Desk's API; the four-eyes
 * rule keeps its requester from approving it through the engine REST API, and another release manager lets it go to
 * production at once.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class EmergencyExceptionThroughHttpTest {

  static final String KEY = "checkout@3.1.0";
  static final String EXCEPTION = "/api/releases/" + KEY + "/freeze-exception";

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
  @Autowired JdbcClient jdbc;
  ApiClient api;

  @BeforeEach
  void client() {
    api = new ApiClient(rest);
  }

  @AfterEach
  void forgetFreezes() {
    jdbc.sql("delete from rd_freeze_window_service").update();
    jdbc.sql("delete from rd_freeze_window").update();
  }

  @Test
  void anotherReleaseManagerLetsAHotfixThroughAFreezeAndTheRequesterCannot(CapturedOutput output) {
    for (String environment : List.of("staging", "production")) {
      environments.stubFor(
          post(urlEqualTo("/deploy/" + environment)).willReturn(aResponse().withStatus(202)));
      environments.stubFor(
          get(urlEqualTo("/health/" + environment)).willReturn(aResponse().withStatus(200)));
    }
    // a freeze of checkout for the next two days
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    api.freeze(
        "paula",
        new FreezeRequest(
            now.minusSeconds(3600).toString(),
            now.plus(Duration.ofDays(2)).toString(),
            "Black Friday",
            List.of("checkout"),
            null));

    // Rita requests a hotfix; it is planned, verified and approved, and then waits in the freeze
    var hotfix = releaseRequest("checkout", "3.1.0", "Card payments fail");
    hotfix.put(TARGET_DATE.getName(), LocalDate.now().toString());
    hotfix.put(RELEASE_TYPE.getName(), "hotfix");
    String releaseId = api.requestWithStartForm(hotfix);
    api.plan(KEY, "small");
    api.qaPasses(KEY, "Card payments pass");
    api.approve(KEY, "paula", "Go");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              var waiting =
                  rest.withBasicAuth("admin", "admin")
                      .getForEntity(
                          "/engine-rest/execution?maxResults=10&processInstanceId="
                              + releaseId
                              + "&messageEventSubscriptionName="
                              + MESSAGE_EMERGENCY_EXCEPTION_REQUESTED,
                          String.class);
              assertThat(waiting.getStatusCode())
                  .as("%s", waiting.getBody())
                  .isEqualTo(HttpStatus.OK);
              assertThat(waiting.getBody())
                  .as("the hotfix waits in the freeze")
                  .contains(releaseId);
            });
    int logMark = output.getAll().length();

    // the request is refused without a justification, from someone else, and for a release that
    // does not exist
    assertThat(api.call("rita", HttpMethod.POST, EXCEPTION, Map.of("justification", " ")))
        .satisfies(answer -> assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST))
        .satisfies(
            answer ->
                assertThat(answer.getBody().get("detail").toString())
                    .contains("needs a justification"));
    assertThat(
            api.call("devon", HttpMethod.POST, EXCEPTION, Map.of("justification", "Please"))
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases/checkout@9.9.9/freeze-exception",
                    Map.of("justification", "Please"))
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    // nor can it be sent as a bare message through the engine REST API
    assertThat(
            api.call(
                    "admin",
                    HttpMethod.POST,
                    "/engine-rest/message",
                    Map.of(
                        "messageName",
                        MESSAGE_EMERGENCY_EXCEPTION_REQUESTED,
                        "processInstanceId",
                        releaseId))
                .getStatusCode()
                .is4xxClientError())
        .isTrue();

    // Rita, who requested it, asks for an exception
    var asked =
        api.call(
            "rita",
            HttpMethod.POST,
            EXCEPTION,
            Map.of("justification", "Card payments fail for Visa"));
    assertThat(asked.getStatusCode()).as("%s", asked.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(asked.getBody())
        .containsEntry(REQUESTED_BY.getName(), "rita")
        .containsEntry(FREEZE_ENDS_AT.getName(), now.plus(Duration.ofDays(2)).toString());
    assertThat(
            api.call("rita", HttpMethod.POST, EXCEPTION, Map.of("justification", "Again"))
                .getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);

    // and cannot approve it herself, whatever the door
    String approval = api.waitForTask(KEY, TASK_APPROVE_EMERGENCY_EXCEPTION);
    var claim =
        api.call(
            "rita",
            HttpMethod.POST,
            "/engine-rest/task/" + approval + "/claim",
            Map.of("userId", "rita"));
    assertThat(claim.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(claim.getBody().get("message").toString())
        .contains("Four-eyes rule: rita requested " + KEY + " and cannot approve it");
    var complete =
        api.call(
            "rita",
            HttpMethod.POST,
            "/engine-rest/task/" + approval + "/complete",
            Map.of("variables", variables(Map.of(DECISION.getName(), "approve"))));
    assertThat(complete.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(complete.getBody().get("message").toString()).contains("Four-eyes rule");
    var task = api.call("admin", HttpMethod.GET, "/engine-rest/task/" + approval, null);
    assertThat(task.getStatusCode()).as("the approval is still open").isEqualTo(HttpStatus.OK);
    assertThat(task.getBody().get("assignee")).isNull();
    environments.verify(0, postRequestedFor(urlEqualTo("/deploy/production")));

    // Paula approves it: the hotfix goes to production now, inside the freeze
    api.work(
        KEY,
        "paula",
        TASK_APPROVE_EMERGENCY_EXCEPTION,
        Map.of(DECISION.getName(), "approve", COMMENT.getName(), "Outage"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> environments.verify(postRequestedFor(urlEqualTo("/deploy/production"))));
    assertThat(output.getAll().substring(logMark))
        .as("refusals are no server errors")
        .doesNotContain(" ERROR ");
  }
}
