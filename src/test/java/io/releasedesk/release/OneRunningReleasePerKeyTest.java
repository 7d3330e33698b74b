package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * One running release per key ({@code service@version}), held by the database: two requests of the same release at
 * the same moment, through any door, start one release; the other is answered 409 with the reason. Every way a
 * release ends frees its key. Runs on H2; the PostgreSQL variant extends it.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class OneRunningReleasePerKeyTest {

  static final int TRIALS = 8;

  /** The ways a person requests a release. */
  enum Door {
    RELEASE_DESK_API("/api/releases") {
      @Override
      Object body(Map<String, Object> request) {
        return request;
      }

      @Override
      String message(ResponseEntity<Map<String, Object>> answer) {
        return String.valueOf(answer.getBody().get("detail"));
      }
    },
    TASKLIST_START_FORM(
        "/engine-rest/process-definition/key/" + ReleaseProcess.KEY + "/submit-form"),
    ENGINE_REST_START("/engine-rest/process-definition/key/" + ReleaseProcess.KEY + "/start");

    final String path;

    Door(String path) {
      this.path = path;
    }

    Object body(Map<String, Object> request) {
      return Map.of("variables", variables(request));
    }

    String message(ResponseEntity<Map<String, Object>> answer) {
      return String.valueOf(answer.getBody().get("message"));
    }
  }

  static ExecutorService clients;

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired JdbcTemplate jdbc;
  @Autowired RunningReleases runningReleases;
  @Autowired ProcessEngineConfigurationImpl engine;

  @BeforeAll
  static void startClients() {
    clients = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stopClients() {
    clients.shutdownNow();
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void ofTwoRequestsOfTheSameReleaseAtTheSameMomentOneStartsAndTheOtherIsAnswered409(Door door)
      throws Exception {
    for (int trial = 0; trial < TRIALS; trial++) {
      String version = "9." + door.ordinal() + "." + trial;
      String releaseKey = "inventory@" + version;
      var request = request("inventory", version);

      // given two release managers who send the same request at the same moment
      var gate = new CountDownLatch(1);
      var answers = new ArrayList<Future<ResponseEntity<Map<String, Object>>>>();
      for (String user : List.of("rita", "paula")) {
        answers.add(
            clients.submit(
                () -> {
                  gate.await();
                  return call(user, HttpMethod.POST, door.path, door.body(request));
                }));
      }
      gate.countDown();
      var statuses = new ArrayList<HttpStatus>();
      for (var answer : answers) {
        ResponseEntity<Map<String, Object>> response = answer.get();
        statuses.add(HttpStatus.valueOf(response.getStatusCode().value()));
        if (response.getStatusCode() == HttpStatus.CONFLICT) {
          assertThat(door.message(response))
              .contains("Release " + releaseKey + " is already under way");
        }
      }

      // then one release runs, and the other request was refused as a conflict
      HttpStatus started = door == Door.RELEASE_DESK_API ? HttpStatus.CREATED : HttpStatus.OK;
      assertThat(statuses)
          .as("trial %d", trial)
          .containsExactlyInAnyOrder(started, HttpStatus.CONFLICT);
      assertThat(
              runtimeService
                  .createProcessInstanceQuery()
                  .processInstanceBusinessKey(releaseKey)
                  .count())
          .as("trial %d", trial)
          .isEqualTo(1);
      assertThat(holder(releaseKey)).isNotNull();
    }
  }

  @Test
  void aCancelledReleaseFreesItsKeyAndTheOneReleaseIsCancelledThroughTheApi() {
    var first = requestThroughApi("inventory", "8.0.0");
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    planTask((String) first.getBody().get("processInstanceId"));
    var again = requestThroughApi("inventory", "8.0.0");
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(again.getBody().get("detail"))
        .isEqualTo("Release inventory@8.0.0 is already under way");

    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases/inventory@8.0.0/cancel",
                    Map.of("reason", "Superseded"))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    assertThat(holder("inventory@8.0.0")).isNull();
    assertThat(requestThroughApi("inventory", "8.0.0").getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void aReleaseThatReachesItsEndFreesItsKey() {
    String id = (String) requestThroughApi("inventory", "8.1.0").getBody().get("processInstanceId");
    planTask(id);

    // trusted code moves it to its end, as the last step of a release would
    runtimeService
        .createProcessInstanceModification(id)
        .cancelAllForActivity(Elements.TASK_PLAN_RELEASE)
        .startBeforeActivity(Elements.EVENT_RELEASE_COMPLETED)
        .execute();

    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).count()).isZero();
    assertThat(holder("inventory@8.1.0")).isNull();
    assertThat(requestThroughApi("inventory", "8.1.0").getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void aDeletedReleaseFreesItsKeyAlsoWhenItsListenersWereSkipped() {
    String deleted =
        (String) requestThroughApi("inventory", "8.2.0").getBody().get("processInstanceId");
    planTask(deleted);
    runtimeService.deleteProcessInstance(deleted, "test");
    assertThat(holder("inventory@8.2.0")).isNull();

    String skipped =
        (String) requestThroughApi("inventory", "8.2.0").getBody().get("processInstanceId");
    planTask(skipped);
    runtimeService.deleteProcessInstance(skipped, "test", true);
    assertThat(holder("inventory@8.2.0")).as("no listener ran").isEqualTo(skipped);

    // the key of a release that no longer runs is taken over
    var requested = requestThroughApi("inventory", "8.2.0");
    assertThat(requested.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(holder("inventory@8.2.0")).isEqualTo(requested.getBody().get("processInstanceId"));
  }

  @Test
  void aPlanThatChangesTheVersionMovesTheKey() {
    String id = (String) requestThroughApi("inventory", "8.3.0").getBody().get("processInstanceId");
    assertThat(requestThroughApi("inventory", "8.4.0").getStatusCode())
        .isEqualTo(HttpStatus.CREATED);

    String plan = planTask(id);
    var renamed =
        call(
            "rita",
            HttpMethod.POST,
            "/engine-rest/task/" + plan + "/submit-form",
            Map.of(
                "variables",
                variables(Map.of(CHANGE_SIZE.getName(), "small", VERSION.getName(), "8.4.0"))));
    assertThat(renamed.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(renamed.getBody().get("message").toString())
        .contains("Release inventory@8.4.0 is already under way");
    assertThat(holder("inventory@8.3.0")).as("the refused plan changed nothing").isEqualTo(id);

    assertThat(
            call(
                    "rita",
                    HttpMethod.POST,
                    "/engine-rest/task/" + plan + "/submit-form",
                    Map.of(
                        "variables",
                        variables(
                            Map.of(CHANGE_SIZE.getName(), "small", VERSION.getName(), "8.5.0"))))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(holder("inventory@8.5.0")).isEqualTo(id);
    assertThat(holder("inventory@8.3.0")).isNull();
  }

  @Test
  void aReleaseStartedBeforeKeysWereHeldIsStillTheOnlyOneOfItsKey() {
    String id = (String) requestThroughApi("inventory", "8.6.0").getBody().get("processInstanceId");
    jdbc.update("delete from rd_running_release where process_instance_id = ?", id);

    var again = requestThroughApi("inventory", "8.6.0");

    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(again.getBody().get("detail"))
        .isEqualTo("Release inventory@8.6.0 is already under way");
  }

  @Test
  void theKeyIsWrittenInTheEnginesTransaction() {
    // a command that fails after holding a key leaves no key behind: the engine's rollback took it
    // back
    assertThatThrownBy(
            () ->
                engine
                    .getCommandExecutorTxRequired()
                    .execute(
                        commandContext -> {
                          runningReleases.hold("inventory@9.9.9", "not-committed", holder -> true);
                          assertThat(holder("inventory@9.9.9"))
                              .as("seen inside the transaction")
                              .isEqualTo("not-committed");
                          throw new IllegalStateException("fails after holding the key");
                        }))
        .hasMessage("fails after holding the key");

    assertThat(holder("inventory@9.9.9")).isNull();
  }

  String holder(String releaseKey) {
    return jdbc
        .queryForList(
            "select process_instance_id from rd_running_release where release_key = ?",
            String.class,
            releaseKey)
        .stream()
        .findFirst()
        .orElse(null);
  }

  /** The release's Plan release task, once the job executor has proposed its version. */
  String planTask(String processInstanceId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                taskService
                    .createTaskQuery()
                    .processInstanceId(processInstanceId)
                    .taskDefinitionKey(Elements.TASK_PLAN_RELEASE)
                    .singleResult(),
            task -> task != null)
        .getId();
  }

  ResponseEntity<Map<String, Object>> requestThroughApi(String service, String version) {
    return call("rita", HttpMethod.POST, "/api/releases", request(service, version));
  }

  static Map<String, Object> request(String service, String version) {
    return ApiClient.releaseRequest(service, version, "Inventory export");
  }

  ResponseEntity<Map<String, Object>> call(
      String user, HttpMethod method, String path, Object body) {
    return new ApiClient(rest).call(user, method, path, body);
  }
}
