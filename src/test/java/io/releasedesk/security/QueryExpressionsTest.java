package io.releasedesk.security;

import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.support.ApiClient.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holunda.camunda.bpm.data.Writers;
import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Variables;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;

/**
 * No query a client sends runs an expression, whatever the door and wherever the expression hides in it: an
 * expression in a query would be evaluated by the engine and can call any class or bean (remote code execution).
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class QueryExpressionsTest {

  /** Sets a system property if it is ever evaluated: proof that a client ran code on the server. */
  static final String PROOF = "releasedesk.expression-ran";

  static final String CODE =
      "${''.getClass().forName('java.lang.System').getMethod('setProperty', ''.getClass(),"
          + " ''.getClass()).invoke(null, '"
          + PROOF
          + "', 'yes')}";

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired FilterService filterService;
  @LocalServerPort int port;

  /** The two ways a person queries the engine over HTTP. */
  enum Door {
    /** The engine REST API with HTTP Basic. */
    ENGINE_REST,
    /** The webapps' engine API with Tasklist's session and CSRF token. */
    TASKLIST
  }

  record Answer(int status, String body) {}

  @BeforeEach
  @AfterEach
  void forgetProof() {
    System.clearProperty(PROOF);
    // a completed task may leave a job the job executor is running right now: try again until it is
    // done
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(OptimisticLockingException.class)
        .until(
            () -> {
              runtimeService
                  .createProcessInstanceQuery()
                  .processDefinitionKey(ReleaseProcess.KEY)
                  .list()
                  .forEach(
                      release ->
                          runtimeService.deleteProcessInstance(
                              release.getId(), "test over", true, true));
              return true;
            });
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void anExpressionInAnOrQueryIsRefusedAndNeverRuns(Door door) {
    Answer answer =
        post(
            door,
            "devon",
            "task?maxResults=5",
            "{\"orQueries\":[{\"dueAfterExpression\":" + json(CODE) + "}]}");

    assertRefused(answer);
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void anExpressionInACountQueryIsRefused(Door door) {
    Answer answer =
        post(
            door,
            "devon",
            "task/count",
            "{\"orQueries\":[{\"assigneeExpression\":" + json(CODE) + "}]}");

    assertRefused(answer);
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void anExpressionInSortingOrDeeperIsRefused(Door door) {
    Answer inSorting =
        post(
            door,
            "quinn",
            "task?maxResults=5",
            "{\"sorting\":[{\"sortBy\":\"processVariable\","
                + "\"sortOrder\":\"asc\",\"parameters\":{\"variable\":"
                + json(CODE)
                + ",\"type\":\"String\"}}]}");
    Answer inAList =
        post(
            door,
            "quinn",
            "task?maxResults=5",
            "{\"orQueries\":[{\"candidateGroups\":[\"qa\","
                + json("#{" + CODE.substring(2))
                + "]}]}");
    Answer nullExpression =
        post(
            door,
            "quinn",
            "task?maxResults=5",
            "{\"orQueries\":[{\"ownerExpression\":\"currentUser()\"}]}");

    assertRefused(inSorting);
    assertRefused(inAList);
    assertRefused(nullExpression);
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void anExpressionInAUrlParameterIsRefused(Door door) {
    Answer answer = get(door, "quinn", "task?maxResults=5&dueAfterExpression=" + encode(CODE));

    assertRefused(answer);
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void aQueryWithoutExpressionsStillWorks(Door door) {
    Answer list =
        post(
            door,
            "quinn",
            "task?maxResults=5",
            "{\"orQueries\":[{\"candidateGroup\":\"qa\",\"assignee\":\"quinn\"}],\"sorting\":[{\"sortBy\":\"created\","
                + "\"sortOrder\":\"desc\"}]}");
    Answer count = get(door, "quinn", "task/count?candidateGroup=qa");

    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(count.status()).as(count.body()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void anExpressionInAFilterQueryIsRefused(Door door) {
    String myTasks =
        filterService
            .createFilterQuery()
            .filterName(TasklistFilters.MY_TASKS)
            .singleResult()
            .getId();
    long filters = filterService.createFilterQuery().count();

    Answer extending =
        post(
            door,
            "quinn",
            "filter/" + myTasks + "/list?maxResults=5",
            "{\"orQueries\":[{\"dueAfterExpression\":" + json(CODE) + "}]}");
    Answer created =
        post(
            door,
            "admin",
            "filter/create",
            "{\"resourceType\":\"Task\",\"name\":\"Due\","
                + "\"query\":{\"orQueries\":[{\"dueAfterExpression\":"
                + json(CODE)
                + "}]}}");
    Answer updated =
        put(
            door,
            "admin",
            "filter/" + myTasks,
            "{\"resourceType\":\"Task\",\"name\":\"My tasks\","
                + "\"query\":{\"assigneeExpression\":"
                + json(CODE)
                + "}}");

    assertRefused(extending);
    assertRefused(created);
    assertRefused(updated);
    assertThat(filterService.createFilterQuery().count()).isEqualTo(filters);
    assertThat(filterService.getFilter(myTasks).getQuery().toString()).doesNotContain(PROOF);
    assertThat(post(door, "quinn", "filter/" + myTasks + "/count", "{}").status()).isEqualTo(200);
  }

  @Test
  void anExpressionInAQueryOfABatchOperationIsRefused() {
    var answer =
        rest.withBasicAuth("admin", "admin")
            .exchange(
                "/engine-rest/process-instance/delete",
                HttpMethod.POST,
                jsonEntity(
                    "{\"deleteReason\":\"${cleanup}\",\"processInstanceQuery\":"
                        + "{\"businessKeyLike\":"
                        + json(CODE)
                        + "}}"),
                String.class);

    assertRefused(new Answer(answer.getStatusCode().value(), answer.getBody()));
  }

  @Test
  void aFilterMayKeepTheEnginesOwnUserAndDateFunctions() {
    Answer created =
        post(
            Door.ENGINE_REST,
            "admin",
            "filter/create",
            "{\"resourceType\":\"Task\","
                + "\"name\":\"Mine, due soon\",\"query\":{\"assigneeExpression\":\"${currentUser()}\","
                + "\"candidateGroupsExpression\":\"${currentUserGroups()}\","
                + "\"dueBeforeExpression\":\"${dateTime().plusDays(3).toDate()}\"}}");

    assertThat(created.status()).as(created.body()).isEqualTo(200);
    filterService.deleteFilter(
        filterService.createFilterQuery().filterName("Mine, due soon").singleResult().getId());
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void textThatLooksLikeAnExpressionIsStillAcceptedAsAFormValue(Door door) {
    ProcessInstance release =
        runtimeService
            .createProcessInstanceByKey(ReleaseProcess.KEY)
            .setVariables(io.releasedesk.reminders.Reminders.dueDateVariables())
            .businessKey("payments@2.4.0")
            .startBeforeActivity(TASK_VERIFY_RELEASE_CANDIDATE)
            .setVariables(
                Writers.C7
                    .builder()
                    .set(Variables.SERVICE, "payments")
                    .set(Variables.REPOSITORY, "https://git.example.com/payments.git")
                    .set(Variables.VERSION, "2.4.0")
                    .set(Variables.TARGET_DATE, LocalDate.now().plusDays(7).toString())
                    .set(Variables.RELEASE_TYPE, "regular")
                    .set(Variables.SCOPE_SUMMARY, "Expressions")
                    .set(Variables.HAS_DATABASE_MIGRATIONS, false)
                    .set(Variables.CUSTOMER_FACING, false)
                    .set(Variables.REQUESTED_BY, "rita")
                    .set(Variables.APPROVED_BY, "")
                    .build())
            .execute();
    String task =
        taskService.createTaskQuery().processInstanceId(release.getId()).singleResult().getId();
    String summary = "Checked the ${version} and #{build} placeholders";

    Answer completed =
        post(
            door,
            "quinn",
            "task/" + task + "/complete",
            "{\"variables\":"
                + toJson(
                    variables(
                        Map.of(
                            Variables.QA_RESULT.getName(),
                            "fail",
                            Variables.DEFECTS_FOUND.getName(),
                            1,
                            Variables.TEST_SUMMARY.getName(),
                            summary)))
                + "}");

    assertThat(completed.status()).as(completed.body()).isEqualTo(204);
    assertThat(runtimeService.getVariable(release.getId(), Variables.TEST_SUMMARY.getName()))
        .isEqualTo(summary);
  }

  private void assertRefused(Answer answer) {
    assertThat(System.getProperty(PROOF)).as("the expression ran on the server").isNull();
    assertThat(answer.status()).as(answer.body()).isEqualTo(HttpStatus.BAD_REQUEST.value());
    assertThat(answer.body()).contains("Expressions are forbidden in adhoc queries");
  }

  private Answer get(Door door, String user, String enginePath) {
    return switch (door) {
      case ENGINE_REST -> {
        var answer =
            rest.withBasicAuth(user, user)
                .exchange(
                    URI.create(rest.getRootUri() + "/engine-rest/" + enginePath),
                    HttpMethod.GET,
                    null,
                    String.class);
        yield new Answer(answer.getStatusCode().value(), answer.getBody());
      }
      case TASKLIST -> {
        var answer = TasklistSession.login("http://localhost:" + port, user, user).get(enginePath);
        yield new Answer(answer.statusCode(), answer.body());
      }
    };
  }

  private Answer post(Door door, String user, String enginePath, String json) {
    return switch (door) {
      case ENGINE_REST -> {
        var answer =
            rest.withBasicAuth(user, user)
                .exchange(
                    URI.create(rest.getRootUri() + "/engine-rest/" + enginePath),
                    HttpMethod.POST,
                    jsonEntity(json),
                    String.class);
        yield new Answer(answer.getStatusCode().value(), answer.getBody());
      }
      case TASKLIST -> {
        var answer =
            TasklistSession.login("http://localhost:" + port, user, user).post(enginePath, json);
        yield new Answer(answer.statusCode(), answer.body());
      }
    };
  }

  private Answer put(Door door, String user, String enginePath, String json) {
    return switch (door) {
      case ENGINE_REST -> {
        var answer =
            rest.withBasicAuth(user, user)
                .exchange(
                    URI.create(rest.getRootUri() + "/engine-rest/" + enginePath),
                    HttpMethod.PUT,
                    jsonEntity(json),
                    String.class);
        yield new Answer(answer.getStatusCode().value(), answer.getBody());
      }
      case TASKLIST -> {
        var answer =
            TasklistSession.login("http://localhost:" + port, user, user).put(enginePath, json);
        yield new Answer(answer.statusCode(), answer.body());
      }
    };
  }

  private static HttpEntity<String> jsonEntity(String json) {
    var headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(json, headers);
  }

  private static String json(String text) {
    return toJson(text);
  }

  private static String toJson(Object value) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
