package io.releasedesk.qa;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.FIX_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE;
import static io.releasedesk.release.ReleaseProcess.Variables.REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.qa.JUnitReports.Upload;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;

/**
 * A release whose candidates CI judges: the CI account posts JUnit XML and a summary as a CI job would; bad uploads
 * are refused with 400 and change nothing, results of an old candidate with 409, and the CI account may do nothing
 * else.
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
class TestResultsApiTest {

  static final String RELEASE = "inventory@8.0.0";

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

  @Test
  void ciPostsResultsTheGateJudgesThemAndQaSignsOffOnFacts(CapturedOutput output) {
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
                "inventory",
                VERSION.getName(),
                "8.0.0",
                TARGET_DATE.getName(),
                LocalDate.now().plusDays(7).toString(),
                RELEASE_TYPE.getName(),
                "regular",
                SCOPE_SUMMARY.getName(),
                "Stock sync",
                HAS_DATABASE_MIGRATIONS.getName(),
                false,
                CUSTOMER_FACING.getName(),
                false));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.CREATED);
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
    waitForResultsWait();
    int logMark = output.getAll().length();

    // the CI account may post results and nothing else; others may not post results
    assertThat(call("ci-bot", HttpMethod.GET, "/api/services", null).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call("ci-bot", HttpMethod.GET, "/api/releases/" + RELEASE, null).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    String qaTaskCheck = "/engine-rest/task?maxResults=10";
    var refused = call("ci-bot", HttpMethod.GET, qaTaskCheck, null);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refused.getBody().get("message").toString())
        .contains("A CI account posts test results");
    assertThat(
            call("ci-bot", HttpMethod.POST, "/engine-rest/task/any/complete", Map.of())
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            postParts(
                    "quinn",
                    "8.0.0-rc.1",
                    List.of(fixture("TEST-io.shop.payments.CheckoutTest.xml")),
                    null)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    // bad uploads are refused with what is wrong, and change nothing
    assertThat(
            detail(
                postParts(
                    "ci-bot",
                    "8.0.0-rc.1",
                    List.of(
                        new Upload(
                            "broken.xml",
                            "<testsuite><testcase></testsuite>".getBytes(StandardCharsets.UTF_8))),
                    null)))
        .startsWith("Test report broken.xml is not well-formed XML");
    assertThat(
            detail(
                postParts(
                    "ci-bot",
                    "8.0.0-rc.1",
                    List.of(
                        new Upload(
                            "evil.xml",
                            ("<?xml version=\"1.0\"?>"
                                    + "<!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><testsuite name=\"&x;\"/>")
                                .getBytes(StandardCharsets.UTF_8))),
                    null)))
        .contains("DOCTYPE");
    assertThat(
            detail(
                postParts(
                    "ci-bot",
                    "8.0.0-rc.1",
                    List.of(
                        new Upload(
                            "huge.xml",
                            ("<testsuite name=\"h\">"
                                    + "<testcase name=\"t\"/>".repeat(5000)
                                    + "</testsuite>")
                                .getBytes(StandardCharsets.UTF_8))),
                    null)))
        .contains("huge.xml is larger than");
    assertThat(detail(postParts("ci-bot", "8.0.0-rc.1", List.of(), "{\"coverage\": 120}")))
        .contains("'coverage' must be a percentage between 0 and 100");
    assertThat(
            detail(
                postParts(
                    "ci-bot", "8.0.0-rc.1", List.of(), "{\"runUrl\": \"javascript:alert(1)\"}")))
        .contains("'runUrl' must be an http or https address");
    var plain = new HttpHeaders();
    plain.setContentType(MediaType.TEXT_PLAIN);
    assertThat(
            call(
                    "ci-bot",
                    HttpMethod.POST,
                    resultsOf("8.0.0-rc.1"),
                    new HttpEntity<>("3 passed", plain))
                .getStatusCode())
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(new ApiClient(rest).list("rita", "/api/releases/" + RELEASE + "/candidates"))
        .isEmpty();
    waitForResultsWait();

    // rc.1's results fail a critical suite: the developers see the failed tests
    var failed =
        postParts(
            "ci-bot",
            "8.0.0-rc.1",
            List.of(fixture("TEST-io.shop.payments.CheckoutTest.xml")),
            "{\"coverage\": 78.5, \"runUrl\": \"https://ci.example.com/inventory/runs/41\", \"openBlockers\": 0}");
    assertThat(failed.getStatusCode()).as("%s", failed.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(failed.getBody())
        .containsEntry("verdict", "fail")
        .containsEntry(REASON.getName(), "Tests failed in a critical suite")
        .containsEntry("failed", 2)
        .containsEntry("postedBy", "ci-bot");
    String fix = api().waitForTask(RELEASE, "Task_FixDefects");
    var fixForm =
        call("devon", HttpMethod.GET, "/engine-rest/task/" + fix + "/form-variables", null)
            .getBody();
    assertThat(fixForm.toString())
        .contains(
            "refusesExpiredCard",
            "expected: <DECLINED> but was: <APPROVED>",
            "https://ci.example.com/inventory/runs/41");
    api()
        .work(
            RELEASE,
            "devon",
            "Task_FixDefects",
            Map.of(FIX_SUMMARY.getName(), "Expired cards are declined"));
    waitForResultsWait();

    // rc.1 is no longer current; rc.2's results, a zip of Gradle reports, pass
    var stale =
        postParts(
            "ci-bot",
            "8.0.0-rc.1",
            List.of(fixture("gradle-TEST-io.shop.ledger.BalanceTest.xml")),
            null);
    assertThat(stale.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(detail(stale))
        .contains("Candidate 8.0.0-rc.1 of inventory@8.0.0 is no longer current");
    var zip =
        new Upload(
            "reports.zip",
            JUnitReportsTest.zip(List.of(fixture("gradle-TEST-io.shop.ledger.BalanceTest.xml"))));
    var passed = postParts("ci-bot", "8.0.0-rc.2", List.of(zip), "{\"coverage\": 80.1}");
    assertThat(passed.getBody()).containsEntry("verdict", "pass").containsEntry("passed", 3);
    assertThat(postParts("ci-bot", "8.0.0-rc.2", List.of(zip), null).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);

    // QA sees the verdict; the release keeps each candidate's results
    String verify = api().waitForTask(RELEASE, "Task_VerifyReleaseCandidate");
    assertThat(
            call("quinn", HttpMethod.GET, "/engine-rest/task/" + verify + "/form-variables", null)
                .getBody()
                .toString())
        .contains(
            QUALITY_GATE.getName(),
            "All tests passed, coverage held",
            "3 passed, 0 failed, 0 skipped");
    assertThat(new ApiClient(rest).list("rita", "/api/releases/" + RELEASE + "/candidates"))
        .extracting(candidate -> candidate.get("candidate"), candidate -> candidate.get("verdict"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("8.0.0-rc.1", "fail"),
            org.assertj.core.groups.Tuple.tuple("8.0.0-rc.2", "pass"));
    assertThat(output.getAll().substring(logMark))
        .as("refusals are no server errors")
        .doesNotContain(" ERROR ");
  }

  private void waitForResultsWait() {
    await()
        .atMost(Duration.ofSeconds(150))
        .until(
            () -> {
              var waiting =
                  new ApiClient(rest)
                      .list(
                          "admin",
                          "/engine-rest/event-subscription?eventName=TestResultsReceived&maxResults=10");
              return waiting != null && !waiting.isEmpty();
            });
  }

  private ResponseEntity<Map<String, Object>> postParts(
      String user, String candidate, List<Upload> reports, String summary) {
    var parts = new LinkedMultiValueMap<String, Object>();
    for (Upload report : reports) {
      parts.add(
          "report",
          new ByteArrayResource(report.content()) {
            @Override
            public String getFilename() {
              return report.name();
            }
          });
    }
    if (summary != null) {
      var json = new HttpHeaders();
      json.setContentType(MediaType.APPLICATION_JSON);
      parts.add("summary", new HttpEntity<>(summary, json));
    }
    var headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return call(user, HttpMethod.POST, resultsOf(candidate), new HttpEntity<>(parts, headers));
  }

  private static String resultsOf(String candidate) {
    return "/api/releases/" + RELEASE + "/candidates/" + candidate + "/test-results";
  }

  private static String detail(ResponseEntity<Map<String, Object>> response) {
    assertThat(response.getStatusCode().is4xxClientError()).as("%s", response.getBody()).isTrue();
    return String.valueOf(response.getBody().get("detail"));
  }

  private static Upload fixture(String name) {
    return JUnitReportsTest.fixture(name);
  }

  ResponseEntity<Map<String, Object>> call(
      String user, HttpMethod method, String path, Object body) {
    return new ApiClient(rest).call(user, method, path, body);
  }

  ApiClient api() {
    return new ApiClient(rest);
  }
}
