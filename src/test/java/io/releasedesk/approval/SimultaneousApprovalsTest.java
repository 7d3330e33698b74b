package io.releasedesk.approval;

import static io.releasedesk.release.ReleaseProcess.Elements.EVENT_ANNOUNCE_APPROVED;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_CAB_MEMBER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.reminders.Reminders;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import io.releasedesk.support.TasklistSession;
import io.releasedesk.versioning.Candidates;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import org.springframework.http.HttpMethod;
import org.springframework.test.context.ActiveProfiles;

/**
 * Two people acting on a release at the same moment, for real: two threads released by one latch, over HTTP, many
 * times, so that the requests overlap in the engine. Two completions of one task: one wins, the other is told 409
 * and who completed it. Two CAB members approving each their approval: both count, and the release moves on once.
 * Doors: the engine REST API ({@code complete}, {@code submit-form}), Tasklist's engine API (session and CSRF token),
 * Release Desk's API ({@code POST /api/releases/{key}/approval}). No answer is a 500 and the log shows no error.
 * Runs on H2; the PostgreSQL variant extends it.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class SimultaneousApprovalsTest {

  /** Races per door; enough for the two requests to overlap in the engine many times. */
  static final int TRIALS = Integer.getInteger("releasedesk.test.races", 12);

  static final Map<String, Object> APPROVE =
      Map.of(DECISION.getName(), "approve", COMMENT.getName(), "Go");

  enum Door {
    REST_COMPLETE,
    REST_SUBMIT_FORM,
    TASKLIST,
    API
  }

  record Answer(int status, String message) {}

  static ExecutorService people;

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @Autowired ManagementService managementService;
  @Autowired ServiceCatalog catalog;
  @Autowired Candidates candidates;
  @LocalServerPort int port;

  int logMark;
  int releases;

  @BeforeAll
  static void twoPeople() {
    people = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void goHome() {
    people.shutdownNow();
  }

  @BeforeEach
  void markTheLog(CapturedOutput output) {
    logMark = output.getAll().length();
  }

  @AfterEach
  void noErrorWasLogged(CapturedOutput output) {
    Cleanup.forgetReleases(runtimeService);
    assertThat(output.getAll().substring(logMark))
        .as("a lost race is no server error")
        .doesNotContain(" ERROR ", "HTTP500", "Exception while closing command context");
  }

  @ParameterizedTest
  @EnumSource(
      value = Door.class,
      names = {"REST_COMPLETE", "REST_SUBMIT_FORM", "TASKLIST"})
  void ofTwoCompletionsOfOneApprovalAtTheSameMomentOneWinsAndTheOtherIsTold409(Door door)
      throws Exception {
    for (int trial = 0; trial < TRIALS; trial++) {
      // given a release that waits for its two CAB approvals
      ProcessInstance release = waitingForTheCab();
      Task first = approvals(release, TASK_APPROVE_AS_CAB_MEMBER).get(0);

      // when carol and chris both approve the first of them at the same moment
      Map<String, Answer> answers =
          atTheSameMoment(
              Map.of(
                  "carol",
                  () -> submit(door, "carol", first),
                  "chris",
                  () -> submit(door, "chris", first)));

      // then one approval counts, the other is refused with 409 saying who was first
      String winner = winner(answers, trial);
      String loser = winner.equals("carol") ? "chris" : "carol";
      assertThat(answers.get(loser).status()).as("trial %d: %s", trial, answers).isEqualTo(409);
      assertThat(answers.get(loser).message())
          .contains("'Approve release (CAB)' was completed by " + winner + " at the same moment")
          .contains("nothing of what you sent was stored");
      assertThat(APPROVED_BY.from(runtimeService, release.getId()).get()).isEqualTo(winner);
      assertThat(approvals(release, TASK_APPROVE_AS_CAB_MEMBER))
          .as("the other approval is still open")
          .hasSize(1);
      atRest(release);
      Cleanup.forget(runtimeService, release.getId());
    }
  }

  @Test
  void ofTwoApprovalsOfOneReleaseAtTheSameMomentThroughTheApiOneWinsAndTheOtherIsTold409()
      throws Exception {
    int overlapped = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      // given a release that waits for a release manager's approval
      ProcessInstance release = waitingAt(TASK_APPROVE_AS_RELEASE_MANAGER, "release-manager");

      // when paula sends her approval twice at once (a double click in a chat client, say)
      Map<String, Answer> answers =
          atTheSameMoment(
              Map.of(
                  "first",
                  () -> submit(Door.API, "paula", null, release),
                  "second",
                  () -> submit(Door.API, "paula", null, release)));

      // then it is decided once, and the other request is refused: 409 if the two overlapped, 404
      // (no approval
      // waits any more) if the second came after the first was done
      String winner = winner(answers, trial);
      Answer lost = answers.get(winner.equals("first") ? "second" : "first");
      assertThat(lost.status()).as("trial %d: %s", trial, answers).isIn(409, 404);
      if (lost.status() == 409) {
        assertThat(lost.message())
            .contains(
                "The approval of "
                    + release.getBusinessKey()
                    + " that paula took was decided at the same moment");
        overlapped++;
      } else {
        assertThat(lost.message())
            .contains("No approval of " + release.getBusinessKey() + " is waiting for paula");
      }
      assertThat(APPROVED_BY.from(runtimeService, release.getId()).get()).isEqualTo("paula");
      atRest(release);
      Cleanup.forget(runtimeService, release.getId());
    }
    assertThat(overlapped).as("the two requests overlapped at least once").isPositive();
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void twoCabMembersApprovingAtTheSameMomentBothCountAndTheReleaseMovesOnOnce(Door door)
      throws Exception {
    for (int trial = 0; trial < TRIALS; trial++) {
      // given a release that waits for its two CAB approvals
      ProcessInstance release = waitingForTheCab();
      List<Task> open = approvals(release, TASK_APPROVE_AS_CAB_MEMBER);

      // when carol approves one and chris the other at the same moment
      Map<String, Answer> answers =
          atTheSameMoment(
              Map.of(
                  "carol",
                  () -> submit(door, "carol", open.get(0), release),
                  "chris",
                  () -> submit(door, "chris", open.get(1), release)));

      // then both approvals count
      assertThat(answers.values())
          .as("trial %d: %s", trial, answers)
          .extracting(Answer::status)
          .containsOnly(204);
      assertThat(Approvers.parse(APPROVED_BY.from(runtimeService, release.getId()).get()))
          .containsExactlyInAnyOrder("carol", "chris");
      // and the release is approved once
      atRest(release);
      assertThat(passed(release, EVENT_ANNOUNCE_APPROVED)).isEqualTo(1);
      assertThat(APPROVAL_DECISION.from(runtimeService, release.getId()).get())
          .isEqualTo("approve");
      assertThat(approvals(release, TASK_APPROVE_AS_CAB_MEMBER)).isEmpty();
      atRest(release);
      Cleanup.forget(runtimeService, release.getId());
    }
  }

  // --- the race

  /** Runs each action on its own thread, all released at once; their answers by name. */
  static Map<String, Answer> atTheSameMoment(
      Map<String, java.util.concurrent.Callable<Answer>> actions) throws Exception {
    var start = new CountDownLatch(1);
    var pending = new LinkedHashMap<String, Future<Answer>>();
    actions.forEach(
        (name, action) ->
            pending.put(
                name,
                people.submit(
                    () -> {
                      start.await();
                      return action.call();
                    })));
    start.countDown();
    var answers = new LinkedHashMap<String, Answer>();
    for (var answer : pending.entrySet()) {
      answers.put(answer.getKey(), answer.getValue().get(60, TimeUnit.SECONDS));
    }
    return answers;
  }

  /** The one whose request succeeded; fails unless exactly one did and none was a server error. */
  static String winner(Map<String, Answer> answers, int trial) {
    assertThat(answers.values())
        .as("trial %d: %s", trial, answers)
        .extracting(Answer::status)
        .allMatch(status -> status < 500);
    List<String> won =
        answers.entrySet().stream()
            .filter(answer -> answer.getValue().status() == 204)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(won).as("trial %d: %s", trial, answers).hasSize(1);
    return won.get(0);
  }

  // --- the doors

  Answer submit(Door door, String user, Task task) {
    return submit(door, user, task, null);
  }

  /** {@code user} approves the task through the door (through Release Desk's API: the release's approval). */
  Answer submit(Door door, String user, Task task, ProcessInstance release) {
    var body = Map.<String, Object>of("variables", variables(APPROVE));
    var api = new ApiClient(rest);
    return switch (door) {
      case REST_COMPLETE ->
          engine(
              api.call(
                  user, HttpMethod.POST, "/engine-rest/task/" + task.getId() + "/complete", body));
      case REST_SUBMIT_FORM ->
          engine(
              api.call(
                  user,
                  HttpMethod.POST,
                  "/engine-rest/task/" + task.getId() + "/submit-form",
                  body));
      case TASKLIST -> {
        var answer =
            TasklistSession.login("http://localhost:" + port, user, user)
                .post("task/" + task.getId() + "/submit-form", json(body));
        yield new Answer(answer.statusCode(), answer.body());
      }
      case API -> {
        String key =
            release != null
                ? release.getBusinessKey()
                : runtimeService
                    .createProcessInstanceQuery()
                    .processInstanceId(task.getProcessInstanceId())
                    .singleResult()
                    .getBusinessKey();
        var answer = api.call(user, HttpMethod.POST, "/api/releases/" + key + "/approval", APPROVE);
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

  private static String json(Object value) {
    try {
      return new ObjectMapper().writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // --- releases

  private ProcessInstance waitingForTheCab() {
    return waitingAt(TASK_APPROVE_AS_CAB_MEMBER + "#multiInstanceBody", "cab");
  }

  /** A release Rita requested, started by trusted code where it waits for approval. */
  private ProcessInstance waitingAt(String activity, String policy) {
    String version = "7." + (releases++) + ".0";
    var request = new HashMap<String, Object>();
    request.put(SERVICE.getName(), "payments");
    request.put(VERSION.getName(), version);
    request.put(TARGET_DATE.getName(), LocalDate.now().plusDays(7).toString());
    request.put(RELEASE_TYPE.getName(), "regular");
    request.put(SCOPE_SUMMARY.getName(), "New checkout");
    request.put(HAS_DATABASE_MIGRATIONS.getName(), false);
    request.put(CUSTOMER_FACING.getName(), true);
    return runtimeService
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .setVariables(Reminders.dueDateVariables())
        .businessKey("payments@" + version)
        .startBeforeActivity(activity)
        .setVariables(request)
        .setVariable(REQUESTED_BY.getName(), "rita")
        // the commit the candidate was cut from: the steps after approval read the repository at it
        .setVariable(CANDIDATE_COMMIT.getName(), candidates.pin(catalog.ofRelease("payments")))
        .setVariable(APPROVED_BY.getName(), "")
        .setVariable(APPROVAL_POLICY.getName(), policy)
        .execute();
  }

  private List<Task> approvals(ProcessInstance release, String taskKey) {
    return taskService
        .createTaskQuery()
        .processInstanceId(release.getId())
        .taskDefinitionKey(taskKey)
        .orderByTaskId()
        .asc()
        .list();
  }

  /**
   * Waits until the job executor has moved the release on as far as it goes by itself (to a task or a timer), also
   * in the deployments it calls: the only releases of this application are the test's own.
   */
  private void atRest(ProcessInstance release) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> managementService.createJobQuery().executable().count() == 0);
  }

  private long passed(ProcessInstance release, String activity) {
    return historyService
        .createHistoricActivityInstanceQuery()
        .processInstanceId(release.getId())
        .activityId(activity)
        .count();
  }
}
