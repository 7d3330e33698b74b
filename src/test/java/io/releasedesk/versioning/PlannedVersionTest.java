package io.releasedesk.versioning;

import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.LAST_RELEASED_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.PROPOSED_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION_REASON;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.ActiveProfiles;

/**
 * The plan's version must be greater than the service's last release (as its repository's tags say), whichever way
 * the plan is submitted; the proposal from the commits is on the release for the plan form to show.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class PlannedVersionTest {

  /** The ways a release manager submits a plan. */
  enum Door {
    TASKLIST,
    ENGINE_REST_SUBMIT_FORM,
    ENGINE_REST_COMPLETE
  }

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @LocalServerPort int port;
  ProcessInstance release;

  @BeforeEach
  void paymentsWaitsForItsPlan() {
    var started =
        new ApiClient(rest)
            .call(
                "rita",
                HttpMethod.POST,
                "/api/releases",
                ApiClient.releaseRequest("payments", "2.4.0", "Planned version test"));
    assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(201);
    release =
        runtimeService
            .createProcessInstanceQuery()
            .processInstanceId((String) started.getBody().get("processInstanceId"))
            .singleResult();
    await().atMost(Duration.ofSeconds(30)).until(() -> plan() != null);
  }

  @AfterEach
  void deleteTheRelease() {
    runtimeService
        .createProcessInstanceQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .list()
        .forEach(
            instance ->
                runtimeService.deleteProcessInstance(instance.getId(), "test over", true, true));
  }

  Task plan() {
    return taskService
        .createTaskQuery()
        .processInstanceId(release.getId())
        .taskDefinitionKey(Elements.TASK_PLAN_RELEASE)
        .singleResult();
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void aVersionNotAboveTheLastReleaseIsRefusedAndThePlanStaysOpen(Door door) throws Exception {
    // the seeded payments repository: v2.3.0, then a fix and a feature
    assertThat(runtimeService.getVariable(release.getId(), PROPOSED_VERSION.getName()))
        .isEqualTo("2.4.0");
    assertThat(runtimeService.getVariable(release.getId(), LAST_RELEASED_VERSION.getName()))
        .isEqualTo("2.3.0");
    assertThat((String) runtimeService.getVariable(release.getId(), VERSION_REASON.getName()))
        .contains("Last release 2.3.0 (tag `v2.3.0`)", "feat: export as CSV");
    String taskId = plan().getId();
    Map<String, Object> values = Map.of(VERSION.getName(), "2.3.0", CHANGE_SIZE.getName(), "small");

    var answer = submit(door, taskId, values);

    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.body())
        .contains(
            "Version 2.3.0 must be greater than the last release 2.3.0 (Semantic Versioning precedence)");
    assertThat(plan()).as("the plan is still open").isNotNull();
    assertThat(runtimeService.getVariable(release.getId(), VERSION.getName())).isEqualTo("2.4.0");
    assertThat(runtimeService.getVariable(release.getId(), CHANGE_SIZE.getName())).isNull();
  }

  record Answer(int status, String body) {}

  Answer submit(Door door, String taskId, Map<String, Object> values) throws Exception {
    var api = new ApiClient(rest);
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/claim",
                    Map.of("userId", "rita"))
                .getStatusCode()
                .value())
        .isEqualTo(204);
    String json = new ObjectMapper().writeValueAsString(Map.of("variables", variables(values)));
    return switch (door) {
      case TASKLIST -> {
        var response =
            TasklistSession.login("http://localhost:" + port, "rita", "rita")
                .post("task/" + taskId + "/submit-form", json);
        yield new Answer(response.statusCode(), response.body());
      }
      case ENGINE_REST_SUBMIT_FORM, ENGINE_REST_COMPLETE -> {
        var response =
            api.call(
                "rita",
                HttpMethod.POST,
                "/engine-rest/task/"
                    + taskId
                    + (door == Door.ENGINE_REST_COMPLETE ? "/complete" : "/submit-form"),
                Map.of("variables", variables(values)));
        yield new Answer(response.getStatusCode().value(), String.valueOf(response.getBody()));
      }
    };
  }
}
