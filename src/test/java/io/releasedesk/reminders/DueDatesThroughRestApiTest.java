package io.releasedesk.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

/**
 * What Tasklist shows of due dates and freezes, read through the engine REST API Tasklist itself uses: the task's due
 * date, and the plan form's warning that the target date falls in a freeze window.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class DueDatesThroughRestApiTest {

  /** The engine REST API's date format. */
  static final DateTimeFormatter REST_DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  @Autowired TestRestTemplate rest;

  @Test
  void thePlanIsDueADayAfterItOpensAndWarnsOfTheFreezeOnItsTargetDate() {
    ApiClient api = new ApiClient(rest);
    LocalDate target = LocalDate.now(ZoneOffset.UTC).plusDays(21);
    var freeze =
        api.call(
            "rita",
            HttpMethod.POST,
            "/api/freezes",
            Map.of(
                "start",
                target.atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                "end",
                target.plusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                "reason",
                "Year-end freeze",
                "services",
                List.of("payments")));
    assertThat(freeze.getStatusCode()).as("%s", freeze.getBody()).isEqualTo(HttpStatus.CREATED);

    var started =
        api.call(
            "rita",
            HttpMethod.POST,
            "/api/releases",
            Map.of(
                "service",
                "payments",
                "version",
                "9.0.0",
                "targetDate",
                target.toString(),
                "releaseType",
                "regular",
                "scopeSummary",
                "Due dates",
                "hasDatabaseMigrations",
                false,
                "customerFacing",
                false));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.CREATED);

    Map<String, Object> plan =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> {
                  var tasks =
                      api.list(
                          "rita",
                          "/engine-rest/task?maxResults=10&taskDefinitionKey=Task_PlanRelease"
                              + "&processInstanceBusinessKey=payments@9.0.0");
                  return tasks == null || tasks.isEmpty() ? null : tasks.get(0);
                },
                task -> task != null);

    // the due date Tasklist shows on the card: a day after the plan opened
    var created = OffsetDateTime.parse((String) plan.get("created"), REST_DATE);
    assertThat(plan.get("due")).as("the plan's due date").isNotNull();
    // (the engine reads its clock for the due date a moment after it stamps the task's creation)
    assertThat(
            Duration.between(created, OffsetDateTime.parse((String) plan.get("due"), REST_DATE))
                .truncatedTo(ChronoUnit.SECONDS))
        .isEqualTo(Duration.ofDays(1));

    // and the warning the plan form shows
    var formVariables =
        api.call(
                "rita",
                HttpMethod.GET,
                "/engine-rest/task/" + plan.get("id") + "/form-variables",
                null)
            .getBody();
    assertThat(formVariables).containsKey("targetDateFreeze");
    assertThat((String) ((Map<?, ?>) formVariables.get("targetDateFreeze")).get("value"))
        .contains("The target date " + target, "\"Year-end freeze\"");

    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases/payments@9.0.0/cancel",
                    Map.of("reason", "Test over"))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }
}
