package io.releasedesk.evaluation;

import static io.releasedesk.improvement.ImprovementAction.Variables.NOTE;
import static io.releasedesk.improvement.ImprovementAction.Variables.OUTCOME;
import static io.releasedesk.release.ReleaseProcess.Variables.ACTION_ITEMS;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_RESOLUTION;
import static io.releasedesk.release.ReleaseProcess.Variables.INCIDENT_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.OBSERVATION_PERIOD;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_CLASSIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPAIRS_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPOSITORY;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_BADLY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_WELL;
import static io.releasedesk.support.ApiClient.releaseRequest;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holunda.camunda.bpm.data.builder.VariableMapBuilder;
import io.releasedesk.improvement.ImprovementAction;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcess.Variables;
import io.releasedesk.reminders.Reminders;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * After production, over HTTP: operations report incidents through POST /api/releases/{key}/incidents (and through
 * no other door), the retrospective's action items become tasks of their owners, GET /api/action-items lists them,
 * and a hotfix names the release it repairs. Releases start as trusted code where each test needs them.
 *
 * <p>Doors covered: /api/releases/{key}/incidents (anonymous, a developer, bad input, unknown release, a release
 * not in observation, twice), /engine-rest/message (bare and with variables), /engine-rest/task/{id}/submit-form
 * (retrospective and improvement action), /api/action-items (anonymous, a viewer, filters, paging, bad parameters),
 * /api/releases (hotfix request).
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class AfterTheReleaseThroughHttpTest {

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;

  ApiClient api;

  @AfterEach
  void forgetReleases() {
    Cleanup.forgetReleases(runtimeService);
    runtimeService
        .createProcessInstanceQuery()
        .processDefinitionKey(ImprovementAction.KEY)
        .listPage(0, 100)
        .forEach(action -> Cleanup.forget(runtimeService, action.getId()));
  }

  @Test
  void operationsReportAnIncidentOnlyThroughTheApiAndOnlyDuringTheObservation() {
    ProcessInstance observed = startAt("search@1.4.0", Elements.SUB_PROCESS_OBSERVE_PRODUCTION);
    ProcessInstance planned = startAt("search@1.5.0", Elements.TASK_PLAN_RELEASE);
    String incidents = "/api/releases/search@1.4.0/incidents";
    var report =
        Map.of("what", "Search returned no results for 15 minutes", "resolution", "fixed-forward");

    // anonymous and developers may not; bad input is refused with words
    assertThat(rest.postForEntity(incidents, report, String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(api().call("devon", HttpMethod.POST, incidents, report).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    var bad =
        api()
            .call("otto", HttpMethod.POST, incidents, Map.of("what", " ", "resolution", "ignored"));
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().get("detail").toString())
        .contains(
            "An incident report needs 'what'",
            "'resolution' must be one of fixed-forward, rollback, hotfix, not 'ignored'");
    assertThat(api().call("otto", HttpMethod.POST, incidents, Map.of()).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(
            api()
                .call("otto", HttpMethod.POST, "/api/releases/search@9.9.9/incidents", report)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    var notObserved =
        api().call("otto", HttpMethod.POST, "/api/releases/search@1.5.0/incidents", report);
    assertThat(notObserved.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(notObserved.getBody().get("detail").toString())
        .contains("search@1.5.0 is not in its observation");

    // nor does the engine's REST API send the message, bare or with variables
    assertThat(
            api()
                .call(
                    "admin",
                    HttpMethod.POST,
                    "/engine-rest/message",
                    Map.of(
                        "messageName",
                        ReleaseProcess.MESSAGE_INCIDENT_REPORTED,
                        "processInstanceId",
                        observed.getId()))
                .getStatusCode()
                .is4xxClientError())
        .isTrue();
    assertThat(
            api()
                .call(
                    "otto",
                    HttpMethod.POST,
                    "/engine-rest/message",
                    Map.of(
                        "messageName",
                        ReleaseProcess.MESSAGE_INCIDENT_REPORTED,
                        "processInstanceId",
                        observed.getId(),
                        "processVariables",
                        variables(
                            Map.of(
                                Variables.INCIDENT_SUMMARY.getName(),
                                "x",
                                Variables.INCIDENT_RESOLUTION.getName(),
                                "fixed-forward",
                                Variables.INCIDENT_REPORTED_BY.getName(),
                                "otto"))))
                .getStatusCode()
                .is4xxClientError())
        .isTrue();
    assertThat(runtimeService.getActiveActivityIds(observed.getId()))
        .contains(Elements.EVENT_OBSERVATION_PERIOD_OVER);
    assertThat(
            runtimeService.getVariable(observed.getId(), Variables.INCIDENT_REPORTED_AT.getName()))
        .isNull();

    // Otto reports it: the observation ends and the release is degraded
    ResponseEntity<Map<String, Object>> reported =
        api().call("otto", HttpMethod.POST, incidents, report);
    assertThat(reported.getStatusCode())
        .as("%s", reported.getBody())
        .isEqualTo(HttpStatus.ACCEPTED);
    assertThat(reported.getBody())
        .containsEntry("reportedBy", "otto")
        .containsEntry("resolution", "fixed-forward")
        .containsKey("reportedAt");
    assertThat(api().call("otto", HttpMethod.POST, incidents, report).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
    assertThat(facts("search@1.4.0"))
        .containsEntry(RELEASE_CLASSIFICATION.getName(), "degraded")
        .containsEntry(INCIDENT_SUMMARY.getName(), "Search returned no results for 15 minutes")
        .containsEntry(INCIDENT_RESOLUTION.getName(), "fixed-forward");
    assertThat(planned.getId()).isNotNull();
  }

  @Test
  void aReleaseManagerReportsAHotfixNeededAndTheReleaseFailed() {
    startAt("search@1.4.0", Elements.SUB_PROCESS_OBSERVE_PRODUCTION);

    var reported =
        api()
            .call(
                "rita",
                HttpMethod.POST,
                "/api/releases/search@1.4.0/incidents",
                Map.of("what", "Index corrupt", "resolution", "hotfix"));

    assertThat(reported.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(facts("search@1.4.0")).containsEntry(RELEASE_CLASSIFICATION.getName(), "failed");
  }

  @Test
  void actionItemsOfARetrospectiveAreTheirOwnersTasksAndListedForScripts() {
    ProcessInstance release = startAt("search@1.4.0", Elements.TASK_HOLD_RETROSPECTIVE);
    String retrospective =
        taskService.createTaskQuery().processInstanceId(release.getId()).singleResult().getId();
    String due = LocalDate.now().plusDays(10).toString();

    // a retrospective with an item nobody can own is refused with words
    var refused =
        api()
            .submit(
                "rita",
                retrospective,
                Map.of(
                    WENT_WELL.getName(),
                    "Fast",
                    WENT_BADLY.getName(),
                    "Slow CAB",
                    ACTION_ITEMS.getName(),
                    "Shorter CAB; nobody; " + due));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("message").toString())
        .contains("'nobody' is not a user of Release Desk");

    var held =
        api()
            .submit(
                "rita",
                retrospective,
                Map.of(
                    WENT_WELL.getName(),
                    "Fast",
                    WENT_BADLY.getName(),
                    "Slow CAB",
                    ACTION_ITEMS.getName(),
                    "Shorter CAB; otto; " + due + "\nSmoke test in CI; devon; " + due));
    assertThat(held.getStatusCode()).as("%s", held.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                runtimeService
                        .createProcessInstanceQuery()
                        .processDefinitionKey(ImprovementAction.KEY)
                        .count()
                    == 2);

    // listed for anyone logged in, filtered and paged
    assertThat(rest.getForEntity("/api/action-items", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    var open =
        api().call("mona", HttpMethod.GET, "/api/action-items?service=search&state=open", null);
    assertThat(open.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(open.getBody()).containsEntry("total", 2);
    assertThat(items(open))
        .extracting(item -> item.get("key") + " " + item.get("owner") + " " + item.get("due"))
        .containsExactly("search@1.4.0#1 otto " + due, "search@1.4.0#2 devon " + due);
    var page =
        api()
            .call(
                "mona",
                HttpMethod.GET,
                "/api/action-items?service=search&maxResults=1&firstResult=1",
                null);
    assertThat(page.getBody()).containsEntry("total", 2);
    assertThat(items(page))
        .extracting(item -> item.get("what"))
        .containsExactly("Smoke test in CI");
    assertThat(
            api()
                .call("mona", HttpMethod.GET, "/api/action-items?state=closed", null)
                .getBody()
                .get("detail")
                .toString())
        .contains("'state' must be one of open, done, dropped, not 'closed'");
    assertThat(
            api()
                .call("mona", HttpMethod.GET, "/api/action-items?maxResults=0", null)
                .getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(
            items(api().call("mona", HttpMethod.GET, "/api/action-items?service=payments", null)))
        .isEmpty();

    // Devon completes his in Tasklist's way: done, with a note; nobody else can
    var devonsTasks =
        api()
            .list(
                "devon",
                "/engine-rest/task?maxResults=10&processDefinitionKey=" + ImprovementAction.KEY);
    assertThat(devonsTasks)
        .singleElement()
        .satisfies(
            task ->
                assertThat(task)
                    .containsEntry("assignee", "devon")
                    .containsEntry("name", "Carry out improvement action"));
    String devonsTask = (String) devonsTasks.get(0).get("id");
    Map<String, Object> done =
        Map.of(OUTCOME.getName(), "done", NOTE.getName(), "Runs on every push");
    assertThat(api().submit("otto", devonsTask, done).getStatusCode().is4xxClientError()).isTrue();
    assertThat(
            api()
                .submit(
                    "devon", devonsTask, Map.of(OUTCOME.getName(), "finished", NOTE.getName(), "x"))
                .getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api().submit("devon", devonsTask, done).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        items(
                            api()
                                .call(
                                    "mona",
                                    HttpMethod.GET,
                                    "/api/action-items?service=search&state=done",
                                    null)))
                    .singleElement()
                    .satisfies(
                        item ->
                            assertThat(item)
                                .containsEntry("what", "Smoke test in CI")
                                .containsEntry("note", "Runs on every push")
                                .containsEntry("state", "done")));
    assertThat(
            items(
                api()
                    .call(
                        "mona",
                        HttpMethod.GET,
                        "/api/action-items?service=search&state=open",
                        null)))
        .extracting(item -> item.get("owner"))
        .containsExactly("otto");
  }

  @Test
  void aHotfixNamesAnEarlierReleaseOfItsServiceAsTheOneItRepairs() {
    ProcessInstance repaired = startAt("inventory@2.0.0", Elements.SUB_PROCESS_OBSERVE_PRODUCTION);
    Cleanup.forget(runtimeService, repaired.getId()); // ended; its history stays

    assertThat(requestHotfix("regular", "inventory@2.0.0").getBody().get("detail").toString())
        .contains("Only a hotfix names the release it repairs");
    assertThat(requestHotfix("hotfix", "inventory@1.0.0").getBody().get("detail").toString())
        .contains("There is no release inventory@1.0.0 for this hotfix to repair");
    assertThat(requestHotfix("hotfix", "search@1.4.0").getBody().get("detail").toString())
        .contains("A hotfix of inventory repairs a release of inventory, not search@1.4.0");
    assertThat(requestHotfix("hotfix", "inventory").getBody().get("detail").toString())
        .contains("must be named service@version");
    assertThat(
            runtimeService
                .createProcessInstanceQuery()
                .processInstanceBusinessKey("inventory@2.0.1")
                .count())
        .isZero();

    var started = requestHotfix("hotfix", " inventory@2.0.0 ");
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(facts("inventory@2.0.1"))
        .containsEntry(REPAIRS_RELEASE.getName(), "inventory@2.0.0");
  }

  ResponseEntity<Map<String, Object>> requestHotfix(String releaseType, String repairs) {
    var request = releaseRequest("inventory", "2.0.1", "Stock counts off by one");
    request.put(TARGET_DATE.getName(), LocalDate.now().plusDays(1).toString());
    request.put(RELEASE_TYPE.getName(), releaseType);
    request.put(REPAIRS_RELEASE.getName(), repairs);
    return api().call("rita", HttpMethod.POST, "/api/releases", request);
  }

  /** A release of the key, started as trusted code at the activity, as if it had come that far. */
  ProcessInstance startAt(String releaseKey, String activity) {
    String service = releaseKey.substring(0, releaseKey.indexOf('@'));
    var facts =
        new VariableMapBuilder()
            .set(SERVICE, service)
            .set(VERSION, releaseKey.substring(releaseKey.indexOf('@') + 1))
            .set(REPOSITORY, "file:///repos/" + service)
            .set(RELEASE_TYPE, "regular")
            .set(RISK_LEVEL, "low")
            .set(TARGET_DATE, LocalDate.now().plusDays(7).toString())
            .set(OBSERVATION_PERIOD, "P3D")
            .set(REQUESTED_BY, "rita")
            .build();
    facts.putAll(Reminders.dueDateVariables());
    return runtimeService
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .businessKey(releaseKey)
        .setVariables(facts)
        .startBeforeActivity(activity)
        .execute();
  }

  /** The facts of the release, as {@code GET /api/releases/{key}} tells rita. */
  @SuppressWarnings("unchecked")
  Map<String, Object> facts(String releaseKey) {
    return (Map<String, Object>) api().status(releaseKey).get("facts");
  }

  ApiClient api() {
    if (api == null) {
      api = new ApiClient(rest);
    }
    return api;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> items(ResponseEntity<Map<String, Object>> page) {
    return (List<Map<String, Object>>) page.getBody().get("items");
  }
}
