package io.releasedesk.reminders;

import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE_FREEZE;
import static io.releasedesk.support.ApiClient.releaseRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.calendar.FreezeRequest;
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
    String key = "payments@9.0.0";
    api.freeze(
        "rita",
        new FreezeRequest(
            target.atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
            target.plusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
            "Year-end freeze",
            List.of("payments"),
            null));

    var release = releaseRequest("payments", "9.0.0", "Due dates");
    release.put(TARGET_DATE.getName(), target.toString());
    api.request(release);

    // Rita opens the plan in Tasklist
    String planId = api.waitForTask(key, TASK_PLAN_RELEASE);
    Map<String, Object> plan =
        api.call("rita", HttpMethod.GET, "/engine-rest/task/" + planId, null).getBody();

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
    assertThat(formVariables).containsKey(TARGET_DATE_FREEZE.getName());
    assertThat((String) ((Map<?, ?>) formVariables.get(TARGET_DATE_FREEZE.getName())).get("value"))
        .contains("The target date " + target, "\"Year-end freeze\"");

    assertThat(api.cancel(key, "Test over").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }
}
