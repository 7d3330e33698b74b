package io.releasedesk.notification;

import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.NOTIFICATION_FAILURES;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.support.ApiClient.releaseRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Date;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With the mail server down, a release goes on: each announcement is tried three times (here without the minute
 * between), then recorded on the release, without an incident, and the release runs to its end.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class MailServerDownTest {

  @DynamicPropertySource
  static void noMailServer(DynamicPropertyRegistry registry) throws IOException {
    int closed;
    try (var socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> closed);
  }

  @Autowired TestRestTemplate rest;
  @Autowired ManagementService managementService;
  @Autowired HistoryService historyService;

  @Test
  void theReleaseGoesOnAndTheFailuresAreRecordedOnIt(CapturedOutput output) {
    var api = new ApiClient(rest);
    String key = "search@1.3.0";
    var hotfix = releaseRequest("search", "1.3.0", "Typo fix");
    hotfix.put(TARGET_DATE.getName(), LocalDate.now().plusDays(3).toString());
    hotfix.put(RELEASE_TYPE.getName(), "hotfix");
    String releaseId = api.requestWithStartForm(hotfix);

    // the announcement of the request fails three times; the release goes on to planning all the
    // same
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              retryFailedJobsNow(releaseId);
              return api.openTask(key, TASK_PLAN_RELEASE) != null;
            });
    assertThat(
            api.list("admin", "/engine-rest/incident?maxResults=10&processInstanceId=" + releaseId))
        .isEmpty();
    assertThat(api.variable(releaseId, NOTIFICATION_FAILURES).toString())
        .contains(
            "requested of search@1.3.0: mail to paula@example.com failed: Connection refused",
            "mail to rita@example.com failed: Connection refused");

    // cancelled, the release ends, its cancellation's failure recorded too
    assertThat(api.cancel(key, "Mail server down").getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              retryFailedJobsNow(releaseId);
              return historyService
                      .createHistoricProcessInstanceQuery()
                      .processInstanceId(releaseId)
                      .finished()
                      .count()
                  > 0;
            });
    assertThat(
            historyService
                .createHistoricVariableInstanceQuery()
                .processInstanceId(releaseId)
                .variableName(NOTIFICATION_FAILURES.getName())
                .singleResult()
                .getValue()
                .toString())
        .contains("cancelled of search@1.3.0: mail to paula@example.com failed");
    assertThat(historyService.createHistoricIncidentQuery().processInstanceId(releaseId).count())
        .isZero();
    assertThat(output.getAll())
        .contains("Notification not sent, the release goes on: requested of search@1.3.0")
        .doesNotContain("at io.releasedesk.notification.");
  }

  /** A failed announcement is retried a minute later; the test does not wait that long. */
  void retryFailedJobsNow(String releaseId) {
    managementService
        .createJobQuery()
        .processInstanceId(releaseId)
        .withException()
        .list()
        .forEach(
            job -> {
              try {
                managementService.setJobDuedate(job.getId(), new Date());
              } catch (OptimisticLockingException jobExecutorWasFaster) {
                // it runs the job already
              }
            });
  }
}
