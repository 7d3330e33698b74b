package io.releasedesk.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A failed webhook attempt is logged as one WARN line that names the webhook and the cause, with no stack trace and
 * no error; the trace is at DEBUG. The job is retried and its failure shows in Cockpit as before.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class FailedWebhookLogTest {

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
    // these tests are about the target's answers, not its speed: a loaded machine may take the
    // local
    // target's answer longer than the tests' usual two seconds
    registry.add("releasedesk.deployment.request-timeout", () -> "PT10S");
  }

  @Autowired TestRestTemplate rest;
  @Autowired ManagementService managementService;

  @Test
  void aFailedWebhookAttemptIsOneWarningNamingTheCause(CapturedOutput output) {
    // it does not have the deployment yet when asked (see WebhookDeploymentTarget), and then fails
    // it
    environments.stubFor(
        get(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(404)));
    environments.stubFor(
        post(urlEqualTo("/deploy/staging"))
            .willReturn(aResponse().withStatus(503).withBody("maintenance")));
    int before = output.getAll().length();

    // given a hotfix, planned, on its way to staging, whose webhook answers 503
    var api = new ApiClient(rest);
    var hotfix = ApiClient.releaseRequest("search", "1.3.0", "Typo fix");
    hotfix.put(RELEASE_TYPE.getName(), "hotfix");
    hotfix.put(TARGET_DATE.getName(), LocalDate.now().plusDays(3).toString());
    api.request(hotfix);
    // its version proposed by the job executor, the plan waits
    api.work("search@1.3.0", "rita", TASK_PLAN_RELEASE, Map.of(CHANGE_SIZE.getName(), "small"));

    // when the deployment job fails
    Job failed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    managementService
                        .createJobQuery()
                        .withException()
                        .processDefinitionKey(DeploymentProcess.KEY)
                        .listPage(0, 1)
                        .stream()
                        .findFirst()
                        .orElse(null),
                job -> job != null);
    String expected =
        "The deployment webhook for staging answered 503 to search 1.3.0-rc.1: maintenance";
    assertThat(failed.getExceptionMessage()).isEqualTo(expected);

    // then the log holds one warning with the cause, and neither an error nor a stack trace
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(output.getAll().substring(before)).contains(expected));
    List<String> logged = output.getAll().substring(before).lines().toList();
    assertThat(logged.stream().filter(line -> line.contains(expected)))
        .singleElement()
        .asString()
        .contains(" WARN ", "Job " + failed.getId() + " failed");
    assertThat(logged).noneMatch(line -> line.contains(" ERROR "));
    assertThat(logged).noneMatch(line -> line.stripLeading().startsWith("at "));
  }
}
