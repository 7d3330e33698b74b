package io.releasedesk.security;

import static io.releasedesk.release.ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_CAB_MEMBER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPOSITORY;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import jakarta.ws.rs.ForbiddenException;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Comment;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * The engine's other doors to a task: ending it with a BPMN error or an escalation or by signalling its execution,
 * its comments, delegation and updates. Each is tried through the engine REST API, Tasklist's (or Cockpit's) API and Java as an authenticated
 * user, and the test checks the refusal and that nothing changed. The demo people: rita (release manager, requests the
 * releases here), paula (release manager), quinn (QA), carol (CAB), mona (release viewer), admin (administrator).
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class TaskDoorsTest {

  static final String CAUGHT_CODES_RULE =
      "A task ends with a BPMN error or an escalation only with a code that its model catches at that task";
  static final String EVIDENCE_RULE = "Comments are the releases' evidence";
  static final String NO_DELEGATION = "Release Desk tasks are not delegated";

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired IdentityService identityService;
  @Autowired RepositoryService repositoryService;
  @Autowired HistoryService historyService;
  @LocalServerPort int port;

  ApiClient api;

  @Autowired
  void api(TestRestTemplate rest) {
    api = new ApiClient(rest);
  }

  @AfterEach
  void forgetReleasesAndTestModels() {
    runtimeService
        .createProcessInstanceQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .list()
        .forEach(
            release ->
                runtimeService.deleteProcessInstance(release.getId(), "test over", true, true));
    repositoryService
        .createDeploymentQuery()
        .deploymentName(CAUGHT_CODES_DEPLOYMENT)
        .list()
        .forEach(deployment -> repositoryService.deleteDeployment(deployment.getId(), true));
  }

  // --- ending a task with a BPMN error or an escalation
  // ------------------------------------------------------------

  /** A door through which someone tries to end a task with a BPMN error or an escalation. */
  enum EndDoor {
    REST_BPMN_ERROR,
    REST_ESCALATION,
    TASKLIST_BPMN_ERROR,
    TASKLIST_ESCALATION,
    JAVA_BPMN_ERROR,
    JAVA_ESCALATION
  }

  @ParameterizedTest
  @EnumSource(EndDoor.class)
  void oneCabMemberCannotEndTheSecondCabApprovalWithAnError(EndDoor door) {
    // given carol gave the first of the two CAB approvals
    ProcessInstance release =
        waitingAt("payments@2.4.0", "rita", TASK_APPROVE_AS_CAB_MEMBER + "#multiInstanceBody");
    Task first = openTasks(release, TASK_APPROVE_AS_CAB_MEMBER).get(0);
    api.call(
        "carol",
        HttpMethod.POST,
        "/engine-rest/task/" + first.getId() + "/claim",
        Map.of("userId", "carol"));
    assertThat(
            api.call(
                    "carol",
                    HttpMethod.POST,
                    "/engine-rest/task/" + first.getId() + "/submit-form",
                    Map.of(
                        "variables",
                        variables(
                            Map.of(DECISION.getName(), "approve", COMMENT.getName(), "fine"))))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    Task second =
        openTasks(release, TASK_APPROVE_AS_CAB_MEMBER).stream()
            .filter(task -> !task.getId().equals(first.getId()))
            .findFirst()
            .orElseThrow();

    // when she ends the second one with an error the model does not catch
    Answer answer = end(door, "carol", second, "skip");

    // then the second approval is still open, and the release waits for it
    assertThat(answer.status()).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(answer.message())
        .contains(CAUGHT_CODES_RULE, "'Approve release (CAB)' catches no", "'skip'");
    assertThat(taskService.createTaskQuery().taskId(second.getId()).count()).isOne();
    assertThat(runtimeService.getVariable(release.getId(), APPROVED_BY.getName()))
        .isEqualTo("carol");
    assertStillAt(release, TASK_APPROVE_AS_CAB_MEMBER);
  }

  @ParameterizedTest
  @EnumSource(EndDoor.class)
  void theReleaseManagersApprovalCannotBeEndedWithAnError(EndDoor door) {
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = openTasks(release, TASK_APPROVE_AS_RELEASE_MANAGER).get(0);

    Answer answer = end(door, "paula", approval, "skip");

    assertThat(answer.status()).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(answer.message()).contains(CAUGHT_CODES_RULE, "'Approve release' catches no");
    assertThat(taskService.createTaskQuery().taskId(approval.getId()).count()).isOne();
    assertThat(runtimeService.getVariable(release.getId(), APPROVAL_DECISION.getName())).isNull();
    assertThat(runtimeService.getVariable(release.getId(), APPROVED_BY.getName())).isEqualTo("");
    assertStillAt(release, TASK_APPROVE_AS_RELEASE_MANAGER);
  }

  @Test
  void administratorsCannotEndATaskWithAnErrorEither() {
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = openTasks(release, TASK_APPROVE_AS_RELEASE_MANAGER).get(0);

    Answer error = end(EndDoor.REST_BPMN_ERROR, "admin", approval, "skip");
    Answer escalation = end(EndDoor.REST_ESCALATION, "admin", approval, "skip");

    assertThat(List.of(error, escalation))
        .allSatisfy(
            answer -> {
              assertThat(answer.status()).isEqualTo(HttpStatus.FORBIDDEN.value());
              assertThat(answer.message()).contains(CAUGHT_CODES_RULE);
            });
    assertThat(taskService.createTaskQuery().taskId(approval.getId()).count()).isOne();
    assertStillAt(release, TASK_APPROVE_AS_RELEASE_MANAGER);
  }

  @Test
  void aCodeTheModelCatchesAtTheTaskEndsItAsModelled() {
    // given a model whose task catches the error NotNeeded and the escalation ToLead, and nothing
    // else
    repositoryService
        .createDeployment()
        .name(CAUGHT_CODES_DEPLOYMENT)
        .addString("caught-codes.bpmn", CAUGHT_CODES_MODEL)
        .deploy();
    ProcessInstance skipped = runtimeService.startProcessInstanceByKey("caught-codes");
    ProcessInstance escalated = runtimeService.startProcessInstanceByKey("caught-codes");
    Task check = taskOf(skipped);
    Task toEscalate = taskOf(escalated);

    // other codes are refused, the task stays
    Answer otherError = end(EndDoor.REST_BPMN_ERROR, "quinn", check, "Other");
    Answer otherEscalation = end(EndDoor.TASKLIST_ESCALATION, "quinn", check, "Other");
    assertThat(List.of(otherError, otherEscalation))
        .allSatisfy(
            answer -> {
              assertThat(answer.status()).isEqualTo(HttpStatus.FORBIDDEN.value());
              assertThat(answer.message())
                  .contains(CAUGHT_CODES_RULE, "'Check' catches no", "'Other'");
            });
    assertThat(end(EndDoor.REST_BPMN_ERROR, "quinn", check, "").status())
        .as("no code: the engine's own answer")
        .isEqualTo(HttpStatus.BAD_REQUEST.value());
    assertThat(taskService.createTaskQuery().taskId(check.getId()).count()).isOne();

    // the caught codes end the task along their boundary events
    assertThat(end(EndDoor.REST_BPMN_ERROR, "quinn", check, "NotNeeded").status())
        .isEqualTo(HttpStatus.NO_CONTENT.value());
    assertThat(end(EndDoor.TASKLIST_ESCALATION, "quinn", toEscalate, "ToLead").status())
        .isEqualTo(HttpStatus.NO_CONTENT.value());
    assertThat(
            historyService
                .createHistoricActivityInstanceQuery()
                .processInstanceId(skipped.getId())
                .activityId("Event_NotNeeded")
                .count())
        .isOne();
    assertThat(
            runtimeService.createProcessInstanceQuery().processInstanceId(skipped.getId()).count())
        .isZero();
    assertThat(taskOf(escalated).getTaskDefinitionKey()).isEqualTo("Task_Lead");
  }

  /** A door through which an administrator tries to signal a release past its approval. */
  enum SignalDoor {
    REST,
    COCKPIT,
    JAVA
  }

  @ParameterizedTest
  @EnumSource(SignalDoor.class)
  void nobodySignalsAReleasePastItsApproval(SignalDoor door) {
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = openTasks(release, TASK_APPROVE_AS_RELEASE_MANAGER).get(0);
    String signal = "execution/" + approval.getExecutionId() + "/signal";

    Answer answer =
        switch (door) {
          case REST ->
              Answer.of(api.call("admin", HttpMethod.POST, "/engine-rest/" + signal, Map.of()));
          case COCKPIT ->
              Answer.of(
                  TasklistSession.loginTo("cockpit", base(), "admin", "admin").post(signal, "{}"));
          case JAVA -> asJava("admin", () -> runtimeService.signal(approval.getExecutionId()));
        };

    assertThat(answer.status()).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(answer.message())
        .contains(
            "A release moves only along its model: a waiting execution is not triggered directly");
    assertThat(taskService.createTaskQuery().taskId(approval.getId()).count()).isOne();
    assertThat(runtimeService.getVariable(release.getId(), APPROVAL_DECISION.getName())).isNull();
    assertStillAt(release, TASK_APPROVE_AS_RELEASE_MANAGER);
  }

  Answer end(EndDoor door, String user, Task task, String code) {
    String path = "task/" + task.getId();
    return switch (door) {
      case REST_BPMN_ERROR ->
          Answer.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  "/engine-rest/" + path + "/bpmnError",
                  Map.of("errorCode", code, "errorMessage", "not needed")));
      case REST_ESCALATION ->
          Answer.of(
              api.call(
                  user,
                  HttpMethod.POST,
                  "/engine-rest/" + path + "/bpmnEscalation",
                  Map.of("escalationCode", code)));
      case TASKLIST_BPMN_ERROR ->
          Answer.of(tasklist(user).post(path + "/bpmnError", "{\"errorCode\":\"" + code + "\"}"));
      case TASKLIST_ESCALATION ->
          Answer.of(
              tasklist(user)
                  .post(path + "/bpmnEscalation", "{\"escalationCode\":\"" + code + "\"}"));
      case JAVA_BPMN_ERROR -> asJava(user, () -> taskService.handleBpmnError(task.getId(), code));
      case JAVA_ESCALATION -> asJava(user, () -> taskService.handleEscalation(task.getId(), code));
    };
  }

  // --- comments are evidence
  // ---------------------------------------------------------------------------------------

  /** A door through which someone tries to delete or rewrite a comment. */
  enum EraseDoor {
    REST_DELETE_TASK_COMMENT,
    REST_DELETE_TASK_COMMENTS,
    REST_REWRITE_TASK_COMMENT,
    REST_DELETE_RELEASE_COMMENT,
    REST_DELETE_RELEASE_COMMENTS,
    REST_REWRITE_RELEASE_COMMENT,
    TASKLIST_DELETE_TASK_COMMENT,
    TASKLIST_REWRITE_TASK_COMMENT,
    JAVA_DELETE_TASK_COMMENTS,
    JAVA_REWRITE_RELEASE_COMMENT
  }

  @ParameterizedTest
  @EnumSource(EraseDoor.class)
  void nobodyErasesTheRecordOfARefusal(EraseDoor door) {
    // given rita's refused attempt to take the approval of her own release, on record as a comment
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = openTasks(release, TASK_APPROVE_AS_RELEASE_MANAGER).get(0);
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/engine-rest/task/" + approval.getId() + "/claim",
                    Map.of("userId", "rita"))
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    Comment refusal = taskService.getTaskComments(approval.getId()).get(0);
    assertThat(refusal.getFullMessage())
        .contains("Refused", "Four-eyes rule: rita requested payments@2.4.0");

    // when the refused requester, another release manager or an administrator tries to erase it
    for (String user : List.of("rita", "paula", "admin")) {
      Answer answer = erase(door, user, approval, release, refusal);

      assertThat(answer.status()).as(user).isEqualTo(HttpStatus.FORBIDDEN.value());
      assertThat(answer.message())
          .as(user)
          .contains(
              EVIDENCE_RULE + ": nobody deletes or rewrites a comment, administrators included");
    }

    // then it is still there, unchanged, on the task and on the release
    assertThat(taskService.getTaskComments(approval.getId()))
        .singleElement()
        .satisfies(
            comment -> {
              assertThat(comment.getId()).isEqualTo(refusal.getId());
              assertThat(comment.getFullMessage()).isEqualTo(refusal.getFullMessage());
              assertThat(comment.getUserId()).isEqualTo("rita");
              assertThat(comment.getTime()).isEqualTo(refusal.getTime());
            });
    assertThat(taskService.getProcessInstanceComments(release.getId()))
        .extracting(Comment::getId)
        .containsExactly(refusal.getId());
  }

  Answer erase(EraseDoor door, String user, Task task, ProcessInstance release, Comment comment) {
    String taskComments = "task/" + task.getId() + "/comment";
    String releaseComments = "process-instance/" + release.getId() + "/comment";
    var rewritten = Map.of("id", comment.getId(), "message", "Approved, all fine");
    return switch (door) {
      case REST_DELETE_TASK_COMMENT ->
          Answer.of(
              api.call(
                  user,
                  HttpMethod.DELETE,
                  "/engine-rest/" + taskComments + "/" + comment.getId(),
                  null));
      case REST_DELETE_TASK_COMMENTS ->
          Answer.of(api.call(user, HttpMethod.DELETE, "/engine-rest/" + taskComments, null));
      case REST_REWRITE_TASK_COMMENT ->
          Answer.of(api.call(user, HttpMethod.PUT, "/engine-rest/" + taskComments, rewritten));
      case REST_DELETE_RELEASE_COMMENT ->
          Answer.of(
              api.call(
                  user,
                  HttpMethod.DELETE,
                  "/engine-rest/" + releaseComments + "/" + comment.getId(),
                  null));
      case REST_DELETE_RELEASE_COMMENTS ->
          Answer.of(api.call(user, HttpMethod.DELETE, "/engine-rest/" + releaseComments, null));
      case REST_REWRITE_RELEASE_COMMENT ->
          Answer.of(api.call(user, HttpMethod.PUT, "/engine-rest/" + releaseComments, rewritten));
      case TASKLIST_DELETE_TASK_COMMENT ->
          Answer.of(tasklist(user).send("DELETE", taskComments + "/" + comment.getId(), null));
      case TASKLIST_REWRITE_TASK_COMMENT ->
          Answer.of(
              tasklist(user)
                  .send(
                      "PUT",
                      taskComments,
                      "{\"id\":\"" + comment.getId() + "\",\"message\":\"Approved, all fine\"}"));
      case JAVA_DELETE_TASK_COMMENTS ->
          asJava(user, () -> taskService.deleteTaskComments(task.getId()));
      case JAVA_REWRITE_RELEASE_COMMENT ->
          asJava(
              user,
              () ->
                  taskService.updateProcessInstanceComment(
                      release.getId(), comment.getId(), "Approved, all fine"));
    };
  }

  /** A door through which a release viewer tries to write a comment. */
  enum CommentDoor {
    REST_ON_TASK,
    REST_ON_TASK_AND_RELEASE,
    COCKPIT_ON_TASK,
    JAVA_ON_TASK,
    JAVA_ON_RELEASE
  }

  @ParameterizedTest
  @EnumSource(CommentDoor.class)
  void releaseViewersWriteNoComments(CommentDoor door) {
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_PLAN_RELEASE);
    Task plan = openTasks(release, TASK_PLAN_RELEASE).get(0);
    String create = "task/" + plan.getId() + "/comment/create";

    Answer answer =
        switch (door) {
          case REST_ON_TASK ->
              Answer.of(
                  api.call(
                      "mona",
                      HttpMethod.POST,
                      "/engine-rest/" + create,
                      Map.of("message", "Looks risky to me")));
          case REST_ON_TASK_AND_RELEASE ->
              Answer.of(
                  api.call(
                      "mona",
                      HttpMethod.POST,
                      "/engine-rest/" + create,
                      Map.of(
                          "message", "Looks risky to me", "processInstanceId", release.getId())));
          case COCKPIT_ON_TASK ->
              Answer.of(
                  TasklistSession.loginTo("cockpit", base(), "mona", "mona")
                      .post(create, "{\"message\":\"Looks risky to me\"}"));
          case JAVA_ON_TASK ->
              asJava(
                  "mona", () -> taskService.createComment(plan.getId(), null, "Looks risky to me"));
          case JAVA_ON_RELEASE ->
              asJava("mona", () -> taskService.createComment(null, release.getId(), "Looks risky"));
        };

    assertThat(answer.status()).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(answer.message()).contains(EVIDENCE_RULE, "mona may not write this one");
    assertThat(taskService.getTaskComments(plan.getId())).isEmpty();
    assertThat(taskService.getProcessInstanceComments(release.getId())).isEmpty();
  }

  @Test
  void thoseWhoWorkOnATaskCommentOnIt() {
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_PLAN_RELEASE);
    Task plan = openTasks(release, TASK_PLAN_RELEASE).get(0);

    var byCandidate =
        api.call(
            "paula",
            HttpMethod.POST,
            "/engine-rest/task/" + plan.getId() + "/comment/create",
            Map.of("message", "Waiting for the payments team"));
    var inTasklist =
        tasklist("rita")
            .post("task/" + plan.getId() + "/comment/create", "{\"message\":\"Scope agreed\"}");
    var byAdministrator =
        api.call(
            "admin",
            HttpMethod.POST,
            "/engine-rest/task/" + plan.getId() + "/comment/create",
            Map.of("message", "Noted", "processInstanceId", release.getId()));

    assertThat(byCandidate.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(inTasklist.statusCode()).isEqualTo(HttpStatus.OK.value());
    assertThat(byAdministrator.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(taskService.getTaskComments(plan.getId()))
        .extracting(Comment::getUserId, Comment::getFullMessage)
        .containsExactlyInAnyOrder(
            tuple("paula", "Waiting for the payments team"),
            tuple("rita", "Scope agreed"),
            tuple("admin", "Noted"));
  }

  @Test
  void nobodyWritesIntoTheHistoryOfAFinishedTask() {
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_PLAN_RELEASE);
    Task plan = openTasks(release, TASK_PLAN_RELEASE).get(0);
    runtimeService.deleteProcessInstance(release.getId(), "superseded");

    var answer =
        api.call(
            "admin",
            HttpMethod.POST,
            "/engine-rest/task/" + plan.getId() + "/comment/create",
            Map.of("message", "Approved after all"));

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(String.valueOf(answer.getBody().get("message")))
        .contains(EVIDENCE_RULE, "admin may not write");
    assertThat(taskService.getTaskComments(plan.getId())).isEmpty();
  }

  // --- delegation
  // --------------------------------------------------------------------------------------------------

  /** A door through which the requester, or an administrator for her, fills in or takes her own approval. */
  enum DelegationDoor {
    REST_RESOLVE(NO_DELEGATION),
    TASKLIST_RESOLVE(NO_DELEGATION),
    JAVA_RESOLVE(NO_DELEGATION),
    REST_DELEGATE_BY_ADMIN(NO_DELEGATION),
    TASKLIST_DELEGATE_BY_ADMIN(NO_DELEGATION),
    REST_UPDATE_DELEGATION_BY_ADMIN(NO_DELEGATION),
    REST_UPDATE_ASSIGNEE_BY_ADMIN(
        "Four-eyes rule: rita requested payments@2.4.0 and cannot approve it");

    final String refusal;

    DelegationDoor(String refusal) {
      this.refusal = refusal;
    }
  }

  @ParameterizedTest
  @EnumSource(DelegationDoor.class)
  void theRequesterCannotFillInOrTakeHerOwnApproval(DelegationDoor door) {
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = openTasks(release, TASK_APPROVE_AS_RELEASE_MANAGER).get(0);
    String path = "task/" + approval.getId();
    Map<String, Object> filledIn =
        Map.of(DECISION.getName(), "approve", COMMENT.getName(), "Ship it");
    String filledInJson =
        "{\"variables\":{\"decision\":{\"value\":\"approve\"},\"comment\":{\"value\":\"Ship it\"}}}";

    Answer answer =
        switch (door) {
          case REST_RESOLVE ->
              Answer.of(
                  api.call(
                      "rita",
                      HttpMethod.POST,
                      "/engine-rest/" + path + "/resolve",
                      Map.of("variables", variables(filledIn))));
          case TASKLIST_RESOLVE ->
              Answer.of(tasklist("rita").post(path + "/resolve", filledInJson));
          case JAVA_RESOLVE ->
              asJava("rita", () -> taskService.resolveTask(approval.getId(), filledIn));
          case REST_DELEGATE_BY_ADMIN ->
              Answer.of(
                  api.call(
                      "admin",
                      HttpMethod.POST,
                      "/engine-rest/" + path + "/delegate",
                      Map.of("userId", "rita")));
          case TASKLIST_DELEGATE_BY_ADMIN ->
              Answer.of(tasklist("admin").post(path + "/delegate", "{\"userId\":\"rita\"}"));
          case REST_UPDATE_DELEGATION_BY_ADMIN ->
              Answer.of(
                  api.call(
                      "admin",
                      HttpMethod.PUT,
                      "/engine-rest/" + path,
                      update(approval, Map.of("owner", "rita", "delegationState", "PENDING"))));
          case REST_UPDATE_ASSIGNEE_BY_ADMIN ->
              Answer.of(
                  api.call(
                      "admin",
                      HttpMethod.PUT,
                      "/engine-rest/" + path,
                      update(approval, Map.of("assignee", "rita"))));
        };

    assertThat(answer.status()).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(answer.message()).contains(door.refusal);
    Task now = taskService.createTaskQuery().taskId(approval.getId()).singleResult();
    assertThat(now).as("the approval is still open").isNotNull();
    assertThat(now.getAssignee()).isNull();
    assertThat(now.getOwner()).isNull();
    assertThat(now.getDelegationState()).isNull();
    assertThat(taskService.getVariablesLocal(approval.getId()))
        .doesNotContainKeys(DECISION.getName(), COMMENT.getName());
    assertThat(runtimeService.getVariable(release.getId(), APPROVAL_DECISION.getName())).isNull();
    assertStillAt(release, TASK_APPROVE_AS_RELEASE_MANAGER);
  }

  /** The body of {@code PUT /task/{id}}: the task as the engine REST API shows it, with some changes. */
  private Map<String, Object> update(Task task, Map<String, Object> changes) {
    Map<String, Object> shown =
        api.call("admin", HttpMethod.GET, "/engine-rest/task/" + task.getId(), null).getBody();
    var body = new HashMap<String, Object>();
    for (String field :
        List.of(
            "name",
            "description",
            "priority",
            "assignee",
            "owner",
            "delegationState",
            "due",
            "followUp",
            "parentTaskId",
            "caseInstanceId",
            "tenantId")) {
      body.put(field, shown.get(field));
    }
    body.putAll(changes);
    return body;
  }

  // --- helpers
  // -----------------------------------------------------------------------------------------------------

  /** What came back: the HTTP status and the message, or for a Java call 204 or 403 and the exception's message. */
  record Answer(int status, String message) {

    static Answer of(ResponseEntity<Map<String, Object>> answer) {
      return new Answer(
          answer.getStatusCode().value(),
          answer.getBody() == null ? "" : String.valueOf(answer.getBody().get("message")));
    }

    static Answer of(HttpResponse<String> answer) {
      return new Answer(answer.statusCode(), answer.body());
    }
  }

  /** A Java call as the given user, logged in with their groups, as Tasklist and the REST API call the engine. */
  private Answer asJava(String user, Runnable call) {
    List<String> groups =
        identityService.createGroupQuery().groupMember(user).list().stream()
            .map(Group::getId)
            .toList();
    identityService.setAuthentication(user, groups);
    try {
      call.run();
      return new Answer(HttpStatus.NO_CONTENT.value(), "");
    } catch (AuthorizationException | ForbiddenException refused) {
      return new Answer(HttpStatus.FORBIDDEN.value(), refused.getMessage());
    } finally {
      identityService.clearAuthentication();
    }
  }

  private TasklistSession tasklist(String user) {
    return TasklistSession.login(base(), user, user);
  }

  private String base() {
    return "http://localhost:" + port;
  }

  private void assertStillAt(ProcessInstance release, String activity) {
    assertThat(
            runtimeService.createProcessInstanceQuery().processInstanceId(release.getId()).count())
        .as("the release is still running")
        .isOne();
    assertThat(runtimeService.getActiveActivityIds(release.getId()))
        .as("and waits where it was")
        .contains(activity)
        .doesNotContain(CALL_ACTIVITY_DEPLOY_TO_PRODUCTION);
  }

  private List<Task> openTasks(ProcessInstance release, String taskKey) {
    return taskService
        .createTaskQuery()
        .processInstanceId(release.getId())
        .taskDefinitionKey(taskKey)
        .taskUnassigned()
        .list();
  }

  private Task taskOf(ProcessInstance instance) {
    return taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
  }

  /** A release requested by {@code requester}, waiting at the given step (trusted code: no authenticated user). */
  private ProcessInstance waitingAt(String releaseKey, String requester, String activity) {
    String[] key = releaseKey.split("@");
    return runtimeService
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .setVariables(io.releasedesk.reminders.Reminders.dueDateVariables())
        .businessKey(releaseKey)
        .startBeforeActivity(activity)
        .setVariables(
            Variables.createVariables()
                .putValue(SERVICE.getName(), key[0])
                .putValue(REPOSITORY.getName(), "https://git.example.com/" + key[0] + ".git")
                .putValue(VERSION.getName(), key[1])
                .putValue(TARGET_DATE.getName(), LocalDate.now().plusDays(7).toString())
                .putValue(RELEASE_TYPE.getName(), "regular")
                .putValue(SCOPE_SUMMARY.getName(), "Task doors test")
                .putValue(HAS_DATABASE_MIGRATIONS.getName(), false)
                .putValue(CUSTOMER_FACING.getName(), false)
                .putValue(REQUESTED_BY.getName(), requester)
                .putValue(APPROVED_BY.getName(), ""))
        .execute();
  }

  static final String CAUGHT_CODES_DEPLOYMENT = "caught-codes-test";

  /** A task that catches the error NotNeeded (and ends) and the escalation ToLead (and goes to a lead). */
  static final String CAUGHT_CODES_MODEL =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                        xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                        id="Definitions_CaughtCodes" targetNamespace="https://releasedesk.io/test">
        <bpmn:error id="Error_NotNeeded" name="Not needed" errorCode="NotNeeded"/>
        <bpmn:escalation id="Escalation_ToLead" name="To lead" escalationCode="ToLead"/>
        <bpmn:process id="caught-codes" name="Caught codes" isExecutable="true" camunda:historyTimeToLive="P1D">
          <bpmn:startEvent id="Event_Started" name="Started"/>
          <bpmn:sequenceFlow id="Flow_ToCheck" sourceRef="Event_Started" targetRef="Task_Check"/>
          <bpmn:userTask id="Task_Check" name="Check" camunda:candidateGroups="qa"/>
          <bpmn:sequenceFlow id="Flow_Checked" sourceRef="Task_Check" targetRef="Event_Checked"/>
          <bpmn:endEvent id="Event_Checked" name="Checked"/>
          <bpmn:boundaryEvent id="Event_NotNeeded" name="Not needed" attachedToRef="Task_Check">
            <bpmn:errorEventDefinition errorRef="Error_NotNeeded"/>
          </bpmn:boundaryEvent>
          <bpmn:sequenceFlow id="Flow_NotNeeded" sourceRef="Event_NotNeeded" targetRef="Event_Skipped"/>
          <bpmn:endEvent id="Event_Skipped" name="Skipped"/>
          <bpmn:boundaryEvent id="Event_ToLead" name="To lead" attachedToRef="Task_Check">
            <bpmn:escalationEventDefinition escalationRef="Escalation_ToLead"/>
          </bpmn:boundaryEvent>
          <bpmn:sequenceFlow id="Flow_ToLead" sourceRef="Event_ToLead" targetRef="Task_Lead"/>
          <bpmn:userTask id="Task_Lead" name="Decide as lead" camunda:candidateGroups="qa"/>
          <bpmn:sequenceFlow id="Flow_Decided" sourceRef="Task_Lead" targetRef="Event_Decided"/>
          <bpmn:endEvent id="Event_Decided" name="Decided"/>
        </bpmn:process>
      </bpmn:definitions>""";
}
