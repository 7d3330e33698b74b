package io.releasedesk.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** Freeze windows through /api/freezes: release managers create and delete them, everybody reads them. */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class FreezeApiTest {

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
  @SuppressWarnings("unchecked")
  void aReleaseManagerCreatesListsAndDeletesFreezeWindows() {
    // Rita freezes payments and checkout over the holidays, and every service at weekends
    var holidays =
        api.call(
            "rita",
            HttpMethod.POST,
            "/api/freezes",
            new FreezeRequest(
                "2026-12-24T18:00:00+01:00",
                "2026-12-27T06:00:00Z",
                "Holidays",
                List.of("payments", "checkout"),
                null));
    assertThat(holidays.getStatusCode()).as("%s", holidays.getBody()).isEqualTo(HttpStatus.CREATED);
    String id = (String) holidays.getBody().get("id");
    assertThat(holidays.getHeaders().getLocation()).hasPath("/api/freezes/" + id);
    assertThat(holidays.getBody())
        .containsEntry("start", "2026-12-24T17:00:00Z")
        .containsEntry("end", "2026-12-27T06:00:00Z")
        .containsEntry("services", List.of("checkout", "payments"))
        .containsEntry("createdBy", "rita");
    var weekends =
        api.call(
            "paula",
            HttpMethod.POST,
            "/api/freezes",
            new FreezeRequest(
                "2026-11-28T00:00:00Z",
                "2026-11-30T00:00:00Z",
                "Weekend",
                null,
                "FREQ=WEEKLY;BYDAY=SA"));
    assertThat(weekends.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(weekends.getBody())
        .containsEntry("recurrence", "FREQ=WEEKLY;BYDAY=SA")
        .containsEntry("services", List.of());

    // everybody who logs in reads them, in the order they start, page by page
    var page = api.call("devon", HttpMethod.GET, "/api/freezes?maxResults=1", null).getBody();
    assertThat(page).containsEntry("total", 2).containsEntry("maxResults", 1);
    assertThat((List<Map<String, Object>>) page.get("freezes"))
        .extracting(freeze -> freeze.get("reason"))
        .containsExactly("Weekend");
    var all =
        (List<Map<String, Object>>)
            api.call("devon", HttpMethod.GET, "/api/freezes", null).getBody().get("freezes");
    assertThat(all)
        .extracting(freeze -> freeze.get("reason"))
        .containsExactly("Weekend", "Holidays");
    assertThat(api.call("devon", HttpMethod.GET, "/api/freezes/" + id, null).getBody())
        .containsEntry("reason", "Holidays");

    // and Rita deletes one
    assertThat(api.call("rita", HttpMethod.DELETE, "/api/freezes/" + id, null).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(api.call("rita", HttpMethod.GET, "/api/freezes/" + id, null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api.call("rita", HttpMethod.DELETE, "/api/freezes/" + id, null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api.call("rita", HttpMethod.GET, "/api/freezes", null).getBody())
        .containsEntry("total", 1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // end before start
        "{\"start\":\"2026-12-24T00:00:00Z\",\"end\":\"2026-12-23T00:00:00Z\",\"reason\":\"x\"}"
            + " | 'end' (2026-12-23T00:00:00Z) must be after 'start' (2026-12-24T00:00:00Z)",
        "{\"start\":\"2026-12-24T00:00:00Z\",\"end\":\"2026-12-24T00:00:00Z\",\"reason\":\"x\"} | must be after 'start'",
        // a service that is not in the catalog
        "{\"start\":\"2026-12-24T00:00:00Z\",\"end\":\"2026-12-25T00:00:00Z\",\"reason\":\"x\",\"services\":[\"billing\"]}"
            + " | Service 'billing' is not in the service catalog",
        // a recurrence rule that is none
        "{\"start\":\"2026-12-24T00:00:00Z\",\"end\":\"2026-12-25T00:00:00Z\",\"reason\":\"x\",\"recurrence\":\"every weekend\"}"
            + " | 'recurrence' (every weekend) is not an iCalendar recurrence rule such as FREQ=WEEKLY;BYDAY=SA,SU",
        "{\"start\":\"2026-12-24T00:00:00Z\",\"end\":\"2026-12-25T00:00:00Z\",\"reason\":\"x\",\"recurrence\":\"BYDAY=SA\"}"
            + " | A recurrence rule MUST contain a FREQ rule part",
        // instants that are none, or lack their offset
        "{\"start\":\"Christmas\",\"end\":\"2026-12-25T00:00:00Z\",\"reason\":\"x\"} | 'start' (Christmas) is not an ISO-8601 instant",
        "{\"start\":\"2026-12-24T00:00:00Z\",\"end\":\"2026-12-25T00:00\",\"reason\":\"x\"} | 'end' (2026-12-25T00:00) is not an ISO-8601 instant",
        "{\"end\":\"2026-12-25T00:00:00Z\",\"reason\":\"x\"} | 'start' is required",
        // no reason, a reason of the wrong type, a body that is no JSON
        "{\"start\":\"2026-12-24T00:00:00Z\",\"end\":\"2026-12-25T00:00:00Z\",\"reason\":\" \"} | 'reason' is required",
        "{\"start\":\"2026-12-24T00:00:00Z\",\"end\":\"2026-12-25T00:00:00Z\",\"reason\":{\"a\":1}} | 'reason' must be text",
        "not json | The request body is not a JSON object of the expected fields"
      })
  void aBadFreezeWindowIsRefusedWithWordsAndNothingIsStored(
      String body, String message, CapturedOutput output) {
    int logMark = output.getAll().length();

    var refused = api.call("rita", HttpMethod.POST, "/api/freezes", json(body));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(String.valueOf(refused.getBody().get("detail"))).contains(message.trim());
    assertThat(jdbc.sql("select count(*) from rd_freeze_window").query(Long.class).single())
        .isZero();
    assertThat(output.getAll().substring(logMark))
        .as("a refusal is no server error")
        .doesNotContain(" ERROR ");
  }

  @Test
  void onlyReleaseManagersCreateOrDeleteFreezeWindows() {
    var freeze =
        new FreezeRequest("2026-12-24T00:00:00Z", "2026-12-25T00:00:00Z", "Holidays", null, null);

    var refused = api.call("devon", HttpMethod.POST, "/api/freezes", freeze);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(String.valueOf(refused.getBody().get("detail")))
        .isEqualTo("Only release managers may create freeze windows");
    assertThat(api.call("devon", HttpMethod.GET, "/api/freezes", null).getBody())
        .containsEntry("total", 0);

    String id = api.freeze("rita", freeze);
    assertThat(api.call("otto", HttpMethod.DELETE, "/api/freezes/" + id, null).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.call("otto", HttpMethod.GET, "/api/freezes/" + id, null).getStatusCode())
        .isEqualTo(HttpStatus.OK);

    // and nobody without credentials
    assertThat(rest.getForEntity("/api/freezes", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aListLongerThanTheQueryLimitIsRefused() {
    var refused = api.call("rita", HttpMethod.GET, "/api/freezes?maxResults=5000", null);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(String.valueOf(refused.getBody().get("detail")))
        .contains("maxResults from 1 to 2000");
  }

  static HttpEntity<String> json(String body) {
    var headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body.trim(), headers);
  }
}
