package io.releasedesk.security;

import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_CAB_MEMBER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLATION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import io.releasedesk.support.TasklistSession;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Comment;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Tries what nobody should be able to do, through every door, and checks the refusal and that nothing changed.
 * The demo people: rita (release manager, requests the releases here), paula (release manager), devon (developer),
 * quinn (QA), carol and chris (CAB), mona (release viewer), admin (administrator); passwords are their ids.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class SecurityTest {

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @LocalServerPort int port;

  ApiClient api;

  @Autowired
  void api(TestRestTemplate rest) {
    api = new ApiClient(rest);
  }

  @AfterEach
  void forgetReleases() {
    Cleanup.forgetReleases(runtimeService);
  }

  // --- authentication
  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/engine-rest/engine",
        "/engine-rest/version",
        "/engine-rest/process-definition",
        "/engine-rest/process-instance",
        "/engine-rest/task",
        "/engine-rest/deployment",
        "/engine-rest/execution",
        "/engine-rest/variable-instance",
        "/engine-rest/job",
        "/engine-rest/job-definition",
        "/engine-rest/incident",
        "/engine-rest/external-task",
        "/engine-rest/batch",
        "/engine-rest/decision-definition",
        "/engine-rest/filter",
        "/engine-rest/user",
        "/engine-rest/group",
        "/engine-rest/authorization",
        "/engine-rest/tenant",
        "/engine-rest/identity/groups?userId=rita",
        "/engine-rest/history/process-instance",
        "/engine-rest/history/task",
        "/engine-rest/history/variable-instance",
        "/engine-rest/history/user-operation",
        "/engine-rest/metrics/activity-instance/sum",
        "/engine-rest/schema/log",
        "/engine-rest/telemetry/data",
        "/api/releases/payments@2.4.0",
        "/api/releases/payments@2.4.0/notes"
      })
  void everyApiAsksForCredentials(String path) {
    var anonymous = rest.exchange(path, HttpMethod.GET, null, String.class);
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");

    assertThat(
            rest.withBasicAuth("nobody", "guess")
                .exchange(path, HttpMethod.GET, null, String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aWrongPasswordIsRefusedAndChangesNothing() {
    // otto, who takes no part in the other tests of this class
    var started =
        rest.withBasicAuth("otto", "not-ottos-password")
            .postForEntity("/api/releases", request("payments", "2.4.0"), String.class);

    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(
            runtimeService
                .createProcessInstanceQuery()
                .processDefinitionKey(ReleaseProcess.KEY)
                .count())
        .isZero();
    assertThat(
            rest.postForEntity(
                    "/engine-rest/message",
                    Map.of("messageName", ReleaseProcess.MESSAGE_CANCEL),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void onlyTheHealthEndpointIsPublic() {
    assertThat(rest.getForEntity("/actuator/health", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops")) {
      assertThat(rest.getForEntity(hidden, String.class).getStatusCode())
          .as(hidden)
          .isEqualTo(HttpStatus.NOT_FOUND);
    }
    // the webapps ask for their own login
    assertThat(
            rest.getForEntity("/camunda/api/engine/engine/default/task", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theEngineSeesTheAuthenticatedUser() {
    var started = api.call("rita", HttpMethod.POST, "/api/releases", request("payments", "2.4.0"));

    assertThat(
            runtimeService.getVariable(
                (String) started.getBody().get("processInstanceId"), REQUESTED_BY.getName()))
        .isEqualTo("rita");
  }

  // --- authorization
  // ----------------------------------------------------------------------------------------------

  @Test
  void onlyReleaseManagersStartReleases() {
    var byQa =
        api.call(
            "quinn",
            HttpMethod.POST,
            "/engine-rest/process-definition/key/" + ReleaseProcess.KEY + "/submit-form",
            Map.of("variables", variables(request("payments", "2.4.0"))));
    var byQaThroughTheApi =
        api.call("quinn", HttpMethod.POST, "/api/releases", request("payments", "2.4.0"));

    assertThat(byQa.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(byQaThroughTheApi.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(runtimeService.createProcessInstanceQuery().count()).isZero();
    assertThat(
            api.call("rita", HttpMethod.POST, "/api/releases", request("payments", "2.4.0"))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void onlyReleaseManagersCancelReleases() {
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_PLAN_RELEASE);

    var byQa =
        api.call(
            "quinn",
            HttpMethod.POST,
            "/api/releases/payments@2.4.0/cancel",
            Map.of("reason", "Too slow"));
    var byMessage =
        api.call(
            "rita",
            HttpMethod.POST,
            "/engine-rest/message",
            Map.of(
                "messageName",
                ReleaseProcess.MESSAGE_CANCEL,
                "businessKey",
                "payments@2.4.0",
                "processVariables",
                variables(Map.of(CANCELLATION_REASON.getName(), "Too slow"))));

    assertThat(byQa.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(byMessage.getStatusCode())
        .as("only through the API, which checks the role")
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            runtimeService.createProcessInstanceQuery().processInstanceId(release.getId()).count())
        .isOne();
  }

  @Test
  void peopleSeeAndWorkOnlyTheTasksOfTheirGroups() {
    ProcessInstance release =
        waitingAt("payments@2.4.0", "rita", TASK_APPROVE_AS_CAB_MEMBER + "#multiInstanceBody");
    waitingAt("search@1.2.0", "rita", TASK_VERIFY_RELEASE_CANDIDATE);
    Task cabApproval = tasks(release, TASK_APPROVE_AS_CAB_MEMBER).get(0);

    assertThat(api.list("quinn", "/engine-rest/task?maxResults=50"))
        .extracting(task -> task.get("name"))
        .containsExactly("Verify release candidate");
    assertThat(api.list("devon", "/engine-rest/task?maxResults=50")).isEmpty();

    var completed =
        api.call(
            "devon",
            HttpMethod.POST,
            "/engine-rest/task/" + cabApproval.getId() + "/complete",
            Map.of("variables", variables(Map.of(DECISION.getName(), "approve"))));
    var claimed =
        api.call(
            "devon",
            HttpMethod.POST,
            "/engine-rest/task/" + cabApproval.getId() + "/claim",
            Map.of("userId", "devon"));

    assertThat(completed.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(claimed.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            taskService.createTaskQuery().taskId(cabApproval.getId()).singleResult().getAssignee())
        .isNull();
    // a CAB member may claim it, but may not hand it to someone else
    assertThat(
            api.call(
                    "carol",
                    HttpMethod.POST,
                    "/engine-rest/task/" + cabApproval.getId() + "/assignee",
                    Map.of("userId", "chris"))
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void onlyProcessOwnersAndAdministratorsDeployModels() {
    String model =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
          <process id="shadow-release" isExecutable="true" camunda:historyTimeToLive="P1D"
                   xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
            <startEvent id="start"/>
          </process>
        </definitions>""";

    assertThat(deploy("rita", model).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(deploy("quinn", model).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.list("admin", "/engine-rest/process-definition?key=shadow-release&maxResults=5"))
        .isEmpty();

    var byOwner = deploy("paula", model);
    assertThat(byOwner.getStatusCode()).isEqualTo(HttpStatus.OK);
    api.call(
        "admin",
        HttpMethod.DELETE,
        "/engine-rest/deployment/" + byOwner.getBody().get("id") + "?cascade=true",
        null);
  }

  @Test
  void releaseViewersReadEverythingAndChangeNothing() {
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_PLAN_RELEASE);
    Task plan = tasks(release, TASK_PLAN_RELEASE).get(0);

    assertThat(api.list("mona", "/engine-rest/process-instance?maxResults=10")).hasSize(1);
    assertThat(
            api.list("mona", "/engine-rest/history/process-instance?unfinished=true&maxResults=10"))
        .hasSize(1);
    assertThat(api.list("mona", "/engine-rest/task?maxResults=10")).hasSize(1);
    assertThat(
            api.call("mona", HttpMethod.GET, "/api/releases/payments@2.4.0", null).getStatusCode())
        .isEqualTo(HttpStatus.OK);

    assertThat(
            api.call(
                    "mona",
                    HttpMethod.POST,
                    "/engine-rest/task/" + plan.getId() + "/claim",
                    Map.of("userId", "mona"))
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            api.call(
                    "mona",
                    HttpMethod.DELETE,
                    "/engine-rest/process-instance/" + release.getId(),
                    null)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            api.call(
                    "mona",
                    HttpMethod.PUT,
                    "/engine-rest/process-instance/"
                        + release.getId()
                        + "/variables/"
                        + APPROVAL_DECISION.getName(),
                    Map.of("value", "approve"))
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(runtimeService.getVariable(release.getId(), APPROVAL_DECISION.getName())).isNull();
  }

  @Test
  void onlyAdministratorsManagePeopleAndPermissions() {
    var newUser =
        Map.of(
            "profile",
            Map.of("id", "mallory", "firstName", "M", "lastName", "X"),
            "credentials",
            Map.of("password", "mallory-pw"));

    assertThat(
            api.call("rita", HttpMethod.POST, "/engine-rest/user/create", newUser).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            api.call("paula", HttpMethod.PUT, "/engine-rest/group/cab/members/paula", null)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/engine-rest/authorization/create",
                    Map.of(
                        "type",
                        1,
                        "permissions",
                        List.of("ALL"),
                        "groupId",
                        "release-managers",
                        "resourceType",
                        0,
                        "resourceId",
                        "*"))
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.list("admin", "/engine-rest/group?member=paula&maxResults=10"))
        .extracting(g -> g.get("id"))
        .doesNotContain("cab");

    assertThat(
            api.call("admin", HttpMethod.POST, "/engine-rest/user/create", newUser).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    api.call("admin", HttpMethod.DELETE, "/engine-rest/user/mallory", null);
  }

  // --- what a task accepts
  // ---------------------------------------------------------------------------------------

  @Test
  void aTaskAcceptsOnlyTheFieldsOfItsForm() {
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_VERIFY_RELEASE_CANDIDATE);
    runtimeService.setVariable(release.getId(), APPROVAL_POLICY.getName(), "cab");
    String verify =
        "/engine-rest/task/" + tasks(release, TASK_VERIFY_RELEASE_CANDIDATE).get(0).getId();
    api.call("quinn", HttpMethod.POST, verify + "/claim", Map.of("userId", "quinn"));

    // QA passes the candidate and slips in a variable that would skip the CAB
    var completed =
        api.call(
            "quinn",
            HttpMethod.POST,
            verify + "/complete",
            Map.of(
                "variables",
                variables(
                    Map.of(
                        QA_RESULT.getName(),
                        "pass",
                        DEFECTS_FOUND.getName(),
                        0,
                        TEST_SUMMARY.getName(),
                        "fine",
                        APPROVAL_POLICY.getName(),
                        "automatic"))));
    var set =
        api.call(
            "quinn",
            HttpMethod.PUT,
            verify + "/variables/" + REQUESTED_BY.getName(),
            Map.of("value", "quinn"));
    var tasklist =
        TasklistSession.login("http://localhost:" + port, "quinn", "quinn")
            .post(
                verify.replace("/engine-rest/", "") + "/submit-form",
                formVariables(
                    Map.of(QA_RESULT.getName(), "pass", APPROVED_BY.getName(), "carol, chris")));

    assertThat(completed.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(String.valueOf(completed.getBody().get("message")))
        .contains(
            "'Verify release candidate' accepts only the fields of its form",
            "[" + APPROVAL_POLICY.getName() + "]");
    assertThat(set.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(tasklist.statusCode()).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(tasks(release, TASK_VERIFY_RELEASE_CANDIDATE))
        .isEmpty(); // still claimed by quinn, still open
    assertThat(runtimeService.getVariables(release.getId()))
        .containsEntry(APPROVAL_POLICY.getName(), "cab")
        .containsEntry(REQUESTED_BY.getName(), "rita")
        .doesNotContainKey(QA_RESULT.getName());
  }

  @Test
  void aRequestCannotNameItsRequesterOrCarryOtherVariables() {
    var asSomeoneElse =
        api.call(
            "rita",
            HttpMethod.POST,
            "/engine-rest/process-definition/key/" + ReleaseProcess.KEY + "/submit-form",
            Map.of(
                "variables",
                variables(with(request("payments", "2.4.0"), REQUESTED_BY.getName(), "paula"))));
    var withExtras =
        api.call(
            "rita",
            HttpMethod.POST,
            "/engine-rest/process-definition/key/" + ReleaseProcess.KEY + "/submit-form",
            Map.of(
                "variables",
                variables(
                    with(request("payments", "2.4.0"), APPROVAL_POLICY.getName(), "automatic"))));

    assertThat(asSomeoneElse.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(withExtras.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(String.valueOf(asSomeoneElse.getBody().get("message")))
        .contains("not [" + REQUESTED_BY.getName() + "]");
    assertThat(String.valueOf(withExtras.getBody().get("message")))
        .contains("not [" + APPROVAL_POLICY.getName() + "]");
    assertThat(
            runtimeService
                .createProcessInstanceQuery()
                .processDefinitionKey(ReleaseProcess.KEY)
                .count())
        .isZero();
  }

  private static Map<String, Object> with(Map<String, Object> values, String name, Object value) {
    var changed = new HashMap<>(values);
    changed.put(name, value);
    return changed;
  }

  // --- engine hardening
  // -----------------------------------------------------------------------------------------

  /** An empty java.util.HashMap, Java-serialized: the shape in which gadget chains travel. */
  static final String SERIALIZED_HASH_MAP =
      "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAB3CAAAABAAAAAAeA==";

  @ParameterizedTest
  @ValueSource(strings = {"application/x-java-serialized-object", "application/json"})
  void objectVariablesThatWouldBeDeserializedAreRefused(String format) {
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_PLAN_RELEASE);
    Object value = format.equals("application/json") ? "{}" : SERIALIZED_HASH_MAP;

    var answer =
        api.call(
            "admin",
            HttpMethod.PUT,
            "/engine-rest/process-instance/" + release.getId() + "/variables/payload",
            Map.of(
                "value",
                value,
                "type",
                "Object",
                "valueInfo",
                Map.of("objectTypeName", "java.util.HashMap", "serializationDataFormat", format)));

    assertThat(answer.getStatusCode().is2xxSuccessful()).as("answer %s", answer).isFalse();
    assertThat(runtimeService.getVariables(release.getId())).doesNotContainKey("payload");
  }

  @Test
  void noQueryReturnsMoreThanTwoThousandRows() {
    var tooMany = api.call("admin", HttpMethod.GET, "/engine-rest/task?maxResults=2001", null);
    var unbounded =
        api.call("admin", HttpMethod.GET, "/engine-rest/history/variable-instance", null);

    assertThat(tooMany.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooMany.getBody().get("message")).isEqualTo("Max results limit of 2000 exceeded!");
    assertThat(unbounded.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unbounded.getBody().get("message"))
        .isEqualTo("An unbound number of results is forbidden!");
    assertThat(api.list("admin", "/engine-rest/task?maxResults=2000")).isNotNull();
  }

  @Test
  void noGeneralPurposeScriptEngineIsAvailableToModels() {
    // Only the engine's own expression languages: FEEL for decision tables (with its external Java
    // functions off,
    // as Camunda keeps them) and JUEL for ${...} in models. No Groovy, JavaScript, Python or the
    // like.
    assertThat(new ScriptEngineManager().getEngineFactories())
        .extracting(ScriptEngineFactory::getLanguageName)
        .containsExactlyInAnyOrder("feel", "feel-unary-tests", "JSP 2.1 EL");
  }

  @Test
  void queriesCannotRunExpressions() {
    URI query =
        URI.create(
            rest.getRootUri()
                + "/engine-rest/task?maxResults=5&assigneeExpression=%24%7Bexecution.getProcessEngineServices()%7D");

    var answer =
        rest.withBasicAuth("admin", "admin").exchange(query, HttpMethod.GET, null, String.class);

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getBody()).contains("Expressions are forbidden in adhoc queries");
  }

  // --- four eyes
  // --------------------------------------------------------------------------------------------------

  /** A door through which rita tries to approve (or take) an approval task of her own release. */
  enum Door {
    TASKLIST,
    REST_COMPLETE,
    REST_SUBMIT_FORM,
    REST_CLAIM,
    REST_ASSIGN_BY_ADMIN,
    API
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void nobodyApprovesTheirOwnRelease(Door door) {
    ProcessInstance release = waitingAt("payments@2.4.0", "rita", TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = tasks(release, TASK_APPROVE_AS_RELEASE_MANAGER).get(0);

    Refusal refusal = tryToApprove(door, "rita", "payments@2.4.0", approval);

    assertThat(refusal.status()).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(refusal.message())
        .contains("Four-eyes rule: rita requested payments@2.4.0 and cannot approve it");
    assertUnchanged(release, approval);
    assertThat(runtimeService.getVariable(release.getId(), APPROVAL_DECISION.getName())).isNull();
    assertThat(comments(approval))
        .anySatisfy(
            comment ->
                assertThat(comment)
                    .contains("Refused", "Four-eyes rule: rita requested payments@2.4.0"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Door.class,
      names = {"TASKLIST", "REST_COMPLETE", "REST_SUBMIT_FORM", "REST_CLAIM", "API"})
  void oneCabMemberCannotGiveBothApprovals(Door door) {
    ProcessInstance release =
        waitingAt("payments@2.4.0", "rita", TASK_APPROVE_AS_CAB_MEMBER + "#multiInstanceBody");
    Task first = tasks(release, TASK_APPROVE_AS_CAB_MEMBER).get(0);
    assertThat(tryToApprove(Door.REST_SUBMIT_FORM, "carol", "payments@2.4.0", first).status())
        .isEqualTo(HttpStatus.NO_CONTENT.value());
    Task second = tasks(release, TASK_APPROVE_AS_CAB_MEMBER).get(0);

    Refusal refusal = tryToApprove(door, "carol", "payments@2.4.0", second);

    assertThat(refusal.status()).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(refusal.message())
        .contains("Four-eyes rule: carol has already approved payments@2.4.0");
    assertUnchanged(release, second);
    assertThat(runtimeService.getVariable(release.getId(), APPROVED_BY.getName()))
        .isEqualTo("carol");
  }

  @Test
  void administratorsAreNotExempt() {
    ProcessInstance release = waitingAt("payments@2.4.0", "admin", TASK_APPROVE_AS_RELEASE_MANAGER);
    Task approval = tasks(release, TASK_APPROVE_AS_RELEASE_MANAGER).get(0);

    Refusal refusal = tryToApprove(Door.REST_SUBMIT_FORM, "admin", "payments@2.4.0", approval);

    assertThat(refusal.status()).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(refusal.message()).contains("admin requested payments@2.4.0 and cannot approve it");
    assertUnchanged(release, approval);
    assertThat(runtimeService.getVariable(release.getId(), APPROVAL_DECISION.getName())).isNull();
  }

  record Refusal(int status, String message) {}

  Refusal tryToApprove(Door door, String user, String releaseKey, Task approval) {
    String task = "/engine-rest/task/" + approval.getId();
    var decision =
        Map.<String, Object>of(DECISION.getName(), "approve", COMMENT.getName(), "ship it");
    Function<ResponseEntity<Map<String, Object>>, Refusal> engineAnswer =
        answer ->
            new Refusal(
                answer.getStatusCode().value(),
                answer.getBody() == null ? "" : String.valueOf(answer.getBody().get("message")));
    return switch (door) {
      case TASKLIST -> {
        var tasklist = TasklistSession.login("http://localhost:" + port, user, user);
        tasklist.post("task/" + approval.getId() + "/claim", "{\"userId\":\"" + user + "\"}");
        var answer =
            tasklist.post("task/" + approval.getId() + "/submit-form", formVariables(decision));
        yield new Refusal(answer.statusCode(), answer.body());
      }
      case REST_COMPLETE ->
          engineAnswer.apply(
              api.call(
                  user,
                  HttpMethod.POST,
                  task + "/complete",
                  Map.of("variables", variables(decision))));
      case REST_SUBMIT_FORM -> {
        api.call(user, HttpMethod.POST, task + "/claim", Map.of("userId", user));
        yield engineAnswer.apply(
            api.call(
                user,
                HttpMethod.POST,
                task + "/submit-form",
                Map.of("variables", variables(decision))));
      }
      case REST_CLAIM ->
          engineAnswer.apply(
              api.call(user, HttpMethod.POST, task + "/claim", Map.of("userId", user)));
      case REST_ASSIGN_BY_ADMIN ->
          engineAnswer.apply(
              api.call("admin", HttpMethod.POST, task + "/assignee", Map.of("userId", user)));
      case API -> {
        var answer =
            api.call(user, HttpMethod.POST, "/api/releases/" + releaseKey + "/approval", decision);
        yield new Refusal(
            answer.getStatusCode().value(),
            answer.getBody() == null ? "" : String.valueOf(answer.getBody().get("detail")));
      }
    };
  }

  private void assertUnchanged(ProcessInstance release, Task approval) {
    Task now = taskService.createTaskQuery().taskId(approval.getId()).singleResult();
    assertThat(now).as("the approval task is still open").isNotNull();
    assertThat(now.getAssignee()).as("and still unclaimed").isNull();
  }

  private List<String> comments(Task task) {
    return taskService.getTaskComments(task.getId()).stream().map(Comment::getFullMessage).toList();
  }

  private List<Task> tasks(ProcessInstance release, String taskKey) {
    return taskService
        .createTaskQuery()
        .processInstanceId(release.getId())
        .taskDefinitionKey(taskKey)
        .taskUnassigned()
        .list();
  }

  /** A release requested by {@code requester}, waiting at the given step. */
  private ProcessInstance waitingAt(String releaseKey, String requester, String activity) {
    String[] key = releaseKey.split("@");
    return runtimeService
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .setVariables(io.releasedesk.reminders.Reminders.dueDateVariables())
        .businessKey(releaseKey)
        .startBeforeActivity(activity)
        .setVariables(request(key[0], key[1]))
        .setVariable(REQUESTED_BY.getName(), requester)
        .setVariable(APPROVED_BY.getName(), "")
        .execute();
  }

  private ResponseEntity<Map<String, Object>> deploy(String user, String bpmn) {
    var parts = new LinkedMultiValueMap<String, Object>();
    parts.add("deployment-name", "shadow");
    parts.add("data", new HttpEntity<>(bpmn.getBytes(), fileHeaders("shadow.bpmn")));
    var headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return api.call(
        user, HttpMethod.POST, "/engine-rest/deployment/create", new HttpEntity<>(parts, headers));
  }

  private static HttpHeaders fileHeaders(String filename) {
    var headers = new HttpHeaders();
    headers.setContentDispositionFormData("data", filename);
    headers.setContentType(MediaType.APPLICATION_XML);
    return headers;
  }

  private static Map<String, Object> request(String service, String version) {
    return ApiClient.releaseRequest(service, version, "Security test");
  }

  /** The body of a Tasklist form submission with these values. */
  private static String formVariables(Map<String, Object> values) {
    try {
      return new ObjectMapper().writeValueAsString(Map.of("variables", variables(values)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
