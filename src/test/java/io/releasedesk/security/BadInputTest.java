package io.releasedesk.security;

import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_CAB_MEMBER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.OBSERVATION_PERIOD;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import io.releasedesk.support.TasklistSession;
import io.releasedesk.versioning.Candidates;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;

/**
 * Bad input through every door: each is refused with a 4xx and a message a person understands, nothing changes, and
 * the log shows no error (a refusal is not a server fault). The demo people: rita requests, paula approves as release
 * manager, carol and chris are the CAB, quinn is QA, admin administers; passwords are their ids.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class BadInputTest {

  static final String RELEASE_KEY = "payments@2.4.0";

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ManagementService managementService;
  @Autowired ServiceCatalog catalog;
  @Autowired Candidates candidates;
  @LocalServerPort int port;

  ApiClient api;

  /** Where the log stood when the test began. */
  int logMark;

  @Autowired
  void api(TestRestTemplate rest) {
    api = new ApiClient(rest);
  }

  @BeforeEach
  void markTheLog(CapturedOutput output) {
    logMark = output.getAll().length();
  }

  @AfterEach
  void forgetReleasesAndCheckTheLog(CapturedOutput output) {
    runtimeService
        .createProcessInstanceQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .list()
        .forEach(release -> Cleanup.forget(runtimeService, release.getId()));
    assertThat(output.getAll().substring(logMark))
        .as("a refusal is no server error")
        .doesNotContain(" ERROR ", "HTTP500");
  }

  // --- doors
  // ------------------------------------------------------------------------------------------------------

  /** The ways in through which a person fills in a task. */
  enum Door {
    TASKLIST,
    REST_COMPLETE,
    REST_SUBMIT_FORM,
    REST_SET_VARIABLE,
    REST_MODIFY_VARIABLES,
    API
  }

  record Answer(int status, String message) {}

  /** {@code user} submits {@code values} (in the REST API's variable format) for the task through the door. */
  Answer submit(Door door, String user, Task task, Map<String, Object> values) {
    String path = "/engine-rest/task/" + task.getId();
    return switch (door) {
      case TASKLIST -> {
        var answer =
            TasklistSession.login("http://localhost:" + port, user, user)
                .post("task/" + task.getId() + "/submit-form", json(Map.of("variables", values)));
        yield new Answer(answer.statusCode(), answer.body());
      }
      case REST_COMPLETE ->
          engine(api.call(user, HttpMethod.POST, path + "/complete", Map.of("variables", values)));
      case REST_SUBMIT_FORM ->
          engine(
              api.call(user, HttpMethod.POST, path + "/submit-form", Map.of("variables", values)));
      case REST_SET_VARIABLE -> {
        Answer last = null;
        for (var value : values.entrySet()) {
          last =
              engine(
                  api.call(
                      user,
                      HttpMethod.PUT,
                      path + "/variables/" + value.getKey(),
                      value.getValue()));
          if (last.status() >= 300) {
            break;
          }
        }
        yield last;
      }
      case REST_MODIFY_VARIABLES ->
          engine(
              api.call(
                  user, HttpMethod.POST, path + "/variables", Map.of("modifications", values)));
      case API -> {
        var body = new HashMap<String, Object>();
        values.forEach((name, value) -> body.put(name, ((Map<?, ?>) value).get("value")));
        var answer =
            api.call(user, HttpMethod.POST, "/api/releases/" + RELEASE_KEY + "/approval", body);
        yield new Answer(
            answer.getStatusCode().value(),
            answer.getBody() == null ? "" : String.valueOf(answer.getBody().get("detail")));
      }
    };
  }

  private static Answer engine(
      org.springframework.http.ResponseEntity<Map<String, Object>> answer) {
    return new Answer(
        answer.getStatusCode().value(),
        answer.getBody() == null ? "" : String.valueOf(answer.getBody().get("message")));
  }

  // --- approvals
  // --------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(
      value = Door.class,
      names = {"TASKLIST", "REST_COMPLETE", "REST_SUBMIT_FORM", "API"})
  void aDecisionThatIsANumberIsRefused(Door door) {
    ProcessInstance release = waitingAt(TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = openTask(release, TASK_APPROVE_AS_RELEASE_MANAGER);

    Answer answer =
        submit(
            door,
            "paula",
            approval,
            variables(Map.of(DECISION.getName(), 1, COMMENT.getName(), "ok")));

    assertThat(answer.status()).isEqualTo(HttpStatus.BAD_REQUEST.value());
    assertThat(answer.message()).contains("Decision must be approve or reject");
    assertApprovalUntouched(release, approval);
  }

  @ParameterizedTest
  @EnumSource(
      value = Door.class,
      names = {"TASKLIST", "REST_COMPLETE", "REST_SUBMIT_FORM", "API"})
  void aDecisionThatIsAnObjectIsRefused(Door door) {
    ProcessInstance release = waitingAt(TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = openTask(release, TASK_APPROVE_AS_RELEASE_MANAGER);

    Answer answer =
        submit(
            door,
            "paula",
            approval,
            variables(
                Map.of(DECISION.getName(), Map.of("approve", true), COMMENT.getName(), "ok")));

    assertThat(answer.status()).isEqualTo(HttpStatus.BAD_REQUEST.value());
    assertThat(answer.message())
        .containsAnyOf("Decision must be approve or reject", "'decision' must be text");
    assertApprovalUntouched(release, approval);
  }

  @ParameterizedTest
  @EnumSource(
      value = Door.class,
      names = {"TASKLIST", "REST_COMPLETE", "REST_SUBMIT_FORM", "API"})
  void aCommentLongerThanTheDatabaseTakesIsRefusedBeforeItGetsThere(Door door) {
    ProcessInstance release = waitingAt(TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = openTask(release, TASK_APPROVE_AS_RELEASE_MANAGER);

    Answer answer =
        submit(
            door,
            "paula",
            approval,
            variables(Map.of(DECISION.getName(), "reject", COMMENT.getName(), "x".repeat(5000))));

    assertThat(answer.status()).isEqualTo(HttpStatus.BAD_REQUEST.value());
    assertThat(answer.message())
        .contains("Comment is longer than 4000 characters")
        .doesNotContain("value too long");
    assertApprovalUntouched(release, approval);
  }

  @ParameterizedTest
  @EnumSource(
      value = Door.class,
      names = {"TASKLIST", "REST_COMPLETE", "REST_SUBMIT_FORM"})
  void completingATaskTwiceIsRefusedAsAConflictNamingWhoCompletedIt(Door door) {
    ProcessInstance release = waitingAt(TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = openTask(release, TASK_APPROVE_AS_RELEASE_MANAGER);
    var approve = variables(Map.of(DECISION.getName(), "approve", COMMENT.getName(), "Go"));
    assertThat(submit(Door.REST_COMPLETE, "paula", approval, approve).status())
        .isEqualTo(HttpStatus.NO_CONTENT.value());

    Answer again =
        submit(
            door,
            "paula",
            approval,
            variables(Map.of(DECISION.getName(), "reject", COMMENT.getName(), "changed my mind")));

    assertThat(again.status()).isEqualTo(HttpStatus.CONFLICT.value());
    assertThat(again.message())
        .contains(
            "'Approve release' was completed by paula", "nothing of what you sent was stored");
    assertThat(runtimeService.getVariable(release.getId(), APPROVAL_DECISION.getName()))
        .isEqualTo("approve");
  }

  // --- what a form accepts
  // ----------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(
      value = Door.class,
      names = {
        "TASKLIST",
        "REST_COMPLETE",
        "REST_SUBMIT_FORM",
        "REST_SET_VARIABLE",
        "REST_MODIFY_VARIABLES"
      })
  void defectsFoundMustBeACountTheFormAllows(Door door) {
    for (Object defects :
        List.of(-1, new BigInteger("9223372036854775808"), 10_000, 1.5, "three")) {
      ProcessInstance release = waitingAt(TASK_VERIFY_RELEASE_CANDIDATE);
      Task verify = openTask(release, TASK_VERIFY_RELEASE_CANDIDATE);

      Answer answer =
          submit(door, "quinn", verify, verdict(door, Map.of(DEFECTS_FOUND.getName(), defects)));

      assertThat(answer.status())
          .as("%s defects", defects)
          .isEqualTo(HttpStatus.BAD_REQUEST.value());
      assertThat(answer.message())
          .as("%s defects", defects)
          .contains("Defects found must be a whole number from 0 to 9999");
      assertVerificationUntouched(release, verify);
      Cleanup.forget(runtimeService, release.getId());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Door.class,
      names = {
        "TASKLIST",
        "REST_COMPLETE",
        "REST_SUBMIT_FORM",
        "REST_SET_VARIABLE",
        "REST_MODIFY_VARIABLES"
      })
  void textWithControlCharactersIsRefused(Door door) {
    for (String summary :
        List.of("All green\u0000", "Bell \u0007 rings", "Escape \u001b[31m red")) {
      ProcessInstance release = waitingAt(TASK_VERIFY_RELEASE_CANDIDATE);
      Task verify = openTask(release, TASK_VERIFY_RELEASE_CANDIDATE);

      Answer answer =
          submit(door, "quinn", verify, verdict(door, Map.of(TEST_SUMMARY.getName(), summary)));

      assertThat(answer.status()).isEqualTo(HttpStatus.BAD_REQUEST.value());
      assertThat(answer.message())
          .contains(
              "Test summary contains a control character (only tabs and line breaks are allowed)");
      assertVerificationUntouched(release, verify);
      Cleanup.forget(runtimeService, release.getId());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Door.class,
      names = {"TASKLIST", "REST_COMPLETE", "REST_SUBMIT_FORM"})
  void aRequiredFieldLeftOutIsRefused(Door door) {
    ProcessInstance release = waitingAt(TASK_VERIFY_RELEASE_CANDIDATE);
    Task verify = openTask(release, TASK_VERIFY_RELEASE_CANDIDATE);

    Answer answer = submit(door, "quinn", verify, variables(Map.of(QA_RESULT.getName(), "pass")));

    assertThat(answer.status()).isEqualTo(HttpStatus.BAD_REQUEST.value());
    assertThat(answer.message()).contains("Defects found is required", "Test summary is required");
    assertVerificationUntouched(release, verify);
  }

  @Test
  void tabsAndLineBreaksAreText() {
    ProcessInstance release = waitingAt(TASK_VERIFY_RELEASE_CANDIDATE);
    Task verify = openTask(release, TASK_VERIFY_RELEASE_CANDIDATE);

    Answer answer =
        submit(
            Door.REST_COMPLETE,
            "quinn",
            verify,
            variables(
                qaVerdict(
                    Map.of(TEST_SUMMARY.getName(), "Suite:\tgreen\r\nExploratory:\tdone\n"))));

    assertThat(answer.status()).as(answer.message()).isEqualTo(HttpStatus.NO_CONTENT.value());
  }

  // --- release requests
  // -------------------------------------------------------------------------------------------

  /** The ways in through which a release manager requests a release. */
  enum RequestDoor {
    TASKLIST_START_FORM,
    REST_SUBMIT_FORM,
    REST_START,
    API
  }

  @ParameterizedTest
  @EnumSource(RequestDoor.class)
  void aTargetDateBeyondTwoYearsIsRefused(RequestDoor door) {
    Answer answer = request(door, with(TARGET_DATE.getName(), "+999999999-12-31"));

    assertThat(answer.status()).isEqualTo(HttpStatus.BAD_REQUEST.value());
    assertThat(answer.message())
        .contains("Target date +999999999-12-31 lies more than 2 years ahead");
    assertNoRelease();
  }

  @ParameterizedTest
  @EnumSource(RequestDoor.class)
  void aRequestWithControlCharactersIsRefused(RequestDoor door) {
    Answer answer = request(door, with(SCOPE_SUMMARY.getName(), "New checkout\u0000"));

    assertThat(answer.status()).isEqualTo(HttpStatus.BAD_REQUEST.value());
    assertThat(answer.message())
        .contains(
            "Scope summary contains a control character (only tabs and line breaks are allowed)");
    assertNoRelease();
  }

  Answer request(RequestDoor door, Map<String, Object> values) {
    return switch (door) {
      case TASKLIST_START_FORM -> {
        var answer =
            TasklistSession.login("http://localhost:" + port, "rita", "rita")
                .post(
                    "process-definition/key/" + ReleaseProcess.KEY + "/submit-form",
                    json(Map.of("variables", variables(values))));
        yield new Answer(answer.statusCode(), answer.body());
      }
      case REST_SUBMIT_FORM ->
          engine(
              api.call(
                  "rita",
                  HttpMethod.POST,
                  "/engine-rest/process-definition/key/" + ReleaseProcess.KEY + "/submit-form",
                  Map.of("variables", variables(values))));
      case REST_START ->
          engine(
              api.call(
                  "rita",
                  HttpMethod.POST,
                  "/engine-rest/process-definition/key/" + ReleaseProcess.KEY + "/start",
                  Map.of("variables", variables(values))));
      case API -> {
        var answer = api.call("rita", HttpMethod.POST, "/api/releases", values);
        yield new Answer(
            answer.getStatusCode().value(), String.valueOf(answer.getBody().get("detail")));
      }
    };
  }

  // --- other endpoints of the engine REST API
  // ---------------------------------------------------------------------

  /** A body that is no JSON at all, which the HTTP filters refuse before any endpoint reads it. */
  static final String NOT_JSON = "garbage";

  static final String NOT_JSON_MESSAGE = "The request body is not valid JSON";

  @Test
  void evaluatingConditionsNeedsVariables() {
    long releases = runtimeService.createProcessInstanceQuery().count();
    for (String body :
        List.of(
            "",
            NOT_JSON,
            "[]",
            "{}",
            "{\"variables\": 5}",
            "{\"variables\": {\"riskLevel\": {\"value\": \"low\"}}}")) {
      var answer =
          rest.withBasicAuth("rita", "rita")
              .exchange(
                  "/engine-rest/condition",
                  HttpMethod.POST,
                  new HttpEntity<>(body, jsonHeaders()),
                  Map.class);

      assertThat(answer.getStatusCode())
          .as("body %s: %s", body, answer.getBody())
          .isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(String.valueOf(answer.getBody().get("message")))
          .as("body %s", body)
          .containsAnyOf(
              body.equals(NOT_JSON)
                  ? new String[] {NOT_JSON_MESSAGE}
                  : new String[] {"Evaluating conditions needs", "No subscriptions were found"});
    }
    assertThat(runtimeService.createProcessInstanceQuery().count()).isEqualTo(releases);
  }

  @Test
  void retriesMustBeACount() {
    Job job = aJob();
    for (String body :
        List.of(
            "",
            NOT_JSON,
            "{}",
            "{\"retries\": -1}",
            "{\"retries\": \"three\"}",
            "{\"retries\": 1.5}",
            "{\"retries\": 99999999999}")) {
      var one =
          rest.withBasicAuth("admin", "admin")
              .exchange(
                  "/engine-rest/job/" + job.getId() + "/retries",
                  HttpMethod.PUT,
                  new HttpEntity<>(body, jsonHeaders()),
                  Map.class);
      var many =
          rest.withBasicAuth("admin", "admin")
              .exchange(
                  "/engine-rest/job/retries",
                  HttpMethod.POST,
                  new HttpEntity<>(
                      body.isEmpty() || !body.startsWith("{")
                          ? body
                          : body.replace("{", "{\"jobIds\": [\"" + job.getId() + "\"], ")
                              .replace(", }", "}"),
                      jsonHeaders()),
                  Map.class);

      for (var answer : List.of(one, many)) {
        assertThat(answer.getStatusCode())
            .as("body %s: %s", body, answer.getBody())
            .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(String.valueOf(answer.getBody().get("message")))
            .as("body %s", body)
            .contains(
                body.equals(NOT_JSON)
                    ? NOT_JSON_MESSAGE
                    : "'retries' is a whole number from 0 to 2147483647");
      }
    }
    assertThat(managementService.createJobQuery().jobId(job.getId()).singleResult().getRetries())
        .isEqualTo(job.getRetries());
  }

  // --- helpers
  // ----------------------------------------------------------------------------------------------------

  /** A suspended job: the job executor leaves it alone, and its retries can still be set. */
  private Job aJob() {
    ProcessInstance release =
        runtimeService
            .createProcessInstanceByKey(ReleaseProcess.KEY)
            .setVariables(io.releasedesk.reminders.Reminders.dueDateVariables())
            .businessKey(RELEASE_KEY)
            .startBeforeActivity(ReleaseProcess.Elements.EVENT_OBSERVATION_PERIOD_OVER)
            .setVariables(validRequest())
            .setVariable(OBSERVATION_PERIOD.getName(), "P3D")
            .execute();
    Job job =
        managementService
            .createJobQuery()
            .processInstanceId(release.getId())
            .activityId(ReleaseProcess.Elements.EVENT_OBSERVATION_PERIOD_OVER)
            .singleResult();
    managementService.suspendJobById(job.getId());
    return managementService.createJobQuery().jobId(job.getId()).singleResult();
  }

  /** A QA verdict with these changes; setting variables, only the changes. */
  private static Map<String, Object> verdict(Door door, Map<String, Object> changes) {
    boolean setting = door == Door.REST_SET_VARIABLE || door == Door.REST_MODIFY_VARIABLES;
    return variables(setting ? changes : qaVerdict(changes));
  }

  private static Map<String, Object> qaVerdict(Map<String, Object> changes) {
    var verdict =
        new HashMap<String, Object>(
            Map.of(
                QA_RESULT.getName(),
                "pass",
                DEFECTS_FOUND.getName(),
                0,
                TEST_SUMMARY.getName(),
                "Regression suite green"));
    verdict.putAll(changes);
    return verdict;
  }

  private void assertApprovalUntouched(ProcessInstance release, Task approval) {
    Task now = taskService.createTaskQuery().taskId(approval.getId()).singleResult();
    assertThat(now).as("the approval is still open").isNotNull();
    assertThat(now.getAssignee()).as("and unclaimed").isNull();
    assertThat(runtimeService.getVariable(release.getId(), APPROVAL_DECISION.getName())).isNull();
    assertThat(taskService.getVariable(approval.getId(), DECISION.getName())).isNull();
    assertThat(taskService.getVariable(approval.getId(), COMMENT.getName())).isNull();
  }

  private void assertVerificationUntouched(ProcessInstance release, Task verify) {
    assertThat(taskService.createTaskQuery().taskId(verify.getId()).singleResult())
        .as("still open")
        .isNotNull();
    assertThat(runtimeService.getVariables(release.getId()))
        .doesNotContainKeys(QA_RESULT.getName(), DEFECTS_FOUND.getName(), TEST_SUMMARY.getName());
  }

  private void assertNoRelease() {
    assertThat(
            runtimeService
                .createProcessInstanceQuery()
                .processDefinitionKey(ReleaseProcess.KEY)
                .count())
        .isZero();
  }

  private Task openTask(ProcessInstance release, String taskKey) {
    return taskService
        .createTaskQuery()
        .processInstanceId(release.getId())
        .taskDefinitionKey(taskKey)
        .singleResult();
  }

  /** A release requested by rita, waiting at the given step. */
  private ProcessInstance waitingAt(String activity) {
    return runtimeService
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .setVariables(io.releasedesk.reminders.Reminders.dueDateVariables())
        .businessKey(RELEASE_KEY)
        .startBeforeActivity(activity)
        .setVariables(validRequest())
        .setVariable(REQUESTED_BY.getName(), "rita")
        // the commit a candidate would be cut from: the steps after QA read the repository at it
        .setVariable(CANDIDATE_COMMIT.getName(), candidates.pin(catalog.ofRelease("payments")))
        .setVariable(APPROVED_BY.getName(), "")
        .setVariable(
            APPROVAL_POLICY.getName(),
            activity.startsWith(TASK_APPROVE_AS_CAB_MEMBER) ? "cab" : "release-manager")
        .execute();
  }

  private static Map<String, Object> with(String name, Object value) {
    var request = new HashMap<>(validRequest());
    request.put(name, value);
    return request;
  }

  private static Map<String, Object> validRequest() {
    return ApiClient.releaseRequest("payments", "2.4.0", "New checkout");
  }

  private static HttpHeaders jsonHeaders() {
    var headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }

  private static String json(Object value) {
    try {
      return new ObjectMapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
