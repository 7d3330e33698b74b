package io.releasedesk.support;

import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_HOLD_RETROSPECTIVE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.OPERATIONS_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_READINESS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_BADLY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_WELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holunda.camunda.bpm.data.factory.VariableFactory;
import io.releasedesk.calendar.FreezeRequest;
import io.releasedesk.release.ReleaseProcess;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Calls Release Desk's HTTP APIs as one of the demo people (whose password is their user id). */
public class ApiClient {

  static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
      new ParameterizedTypeReference<>() {};
  static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
      new ParameterizedTypeReference<>() {};

  private final TestRestTemplate rest;
  private final Duration patience;

  public ApiClient(TestRestTemplate rest) {
    this(rest, Duration.ofSeconds(150));
  }

  /** A client that waits for a task as long as this: longer when many releases queue for the job executor. */
  public ApiClient(TestRestTemplate rest, Duration patience) {
    this.rest = rest;
    this.patience = patience;
  }

  /** A call whose answer is a JSON object (or nothing). */
  public ResponseEntity<Map<String, Object>> call(
      String user, HttpMethod method, String path, Object body) {
    HttpEntity<?> entity =
        body == null ? null : body instanceof HttpEntity<?> given ? given : new HttpEntity<>(body);
    return rest.withBasicAuth(user, user).exchange(path, method, entity, JSON_OBJECT);
  }

  /** A GET whose answer is a JSON array. */
  public List<Map<String, Object>> list(String user, String path) {
    return rest.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null, JSON_LIST).getBody();
  }

  /** Values in the engine REST API's variable format. */
  public static Map<String, Object> variables(Map<String, Object> values) {
    var variables = new LinkedHashMap<String, Object>();
    values.forEach((name, value) -> variables.put(name, Map.of("value", value)));
    return variables;
  }

  /**
   * The body of {@code POST /api/releases}: a regular release of the service's version a week from today, internal
   * and without database migrations. Its fields are the release's variables; change any before sending it.
   */
  public static Map<String, Object> releaseRequest(String service, String version, String scope) {
    var request = new LinkedHashMap<String, Object>();
    request.put(SERVICE.getName(), service);
    request.put(VERSION.getName(), version);
    request.put(TARGET_DATE.getName(), targetDate());
    request.put(RELEASE_TYPE.getName(), "regular");
    request.put(SCOPE_SUMMARY.getName(), scope);
    request.put(HAS_DATABASE_MIGRATIONS.getName(), false);
    request.put(CUSTOMER_FACING.getName(), false);
    return request;
  }

  /** The target date of {@link #releaseRequest}: a week from today. */
  public static String targetDate() {
    return LocalDate.now().plusDays(7).toString();
  }

  /** The release manager rita requests the release through Release Desk's API, and it is accepted. */
  public void request(Map<String, Object> release) {
    var started = call("rita", HttpMethod.POST, "/api/releases", release);
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.CREATED);
  }

  /** A GET whose answer is text (Markdown, CSV, a calendar), with its headers. */
  public ResponseEntity<String> text(String user, String path) {
    var headers = new HttpHeaders();
    headers.setBasicAuth(user, user);
    return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
  }

  /**
   * Waits (patiently: the machines that run the tests are busy) until the job executor has moved the release on to an
   * open task of this kind that nobody holds; its id.
   */
  public String waitForTask(String releaseKey, String taskKey) {
    return await()
        .atMost(patience)
        .until(
            () -> {
              var tasks =
                  list(
                      "admin",
                      "/engine-rest/task?maxResults=10&unassigned=true&taskDefinitionKey="
                          + taskKey
                          + "&processInstanceBusinessKey="
                          + releaseKey);
              return tasks == null || tasks.isEmpty() ? null : (String) tasks.get(0).get("id");
            },
            id -> id != null);
  }

  /** The person claims the release's open task of this kind and submits its form, through the engine REST API. */
  public void work(String releaseKey, String user, String taskKey, Map<String, Object> values) {
    String taskId = waitForTask(releaseKey, taskKey);
    assertThat(
            call(
                    user,
                    HttpMethod.POST,
                    "/engine-rest/task/" + taskId + "/claim",
                    Map.of("userId", user))
                .getStatusCode())
        .as("%s claims %s", user, taskKey)
        .isEqualTo(HttpStatus.NO_CONTENT);
    var completed =
        call(
            user,
            HttpMethod.POST,
            "/engine-rest/task/" + taskId + "/submit-form",
            Map.of("variables", variables(values)));
    assertThat(completed.getStatusCode())
        .as("%s completes %s: %s", user, taskKey, completed.getBody())
        .isIn(HttpStatus.OK, HttpStatus.NO_CONTENT);
  }

  /** Development, QA and operations confirm that they are ready. */
  public void teamsReady(String releaseKey) {
    work(
        releaseKey,
        "devon",
        TASK_CONFIRM_DEVELOPMENT_READINESS,
        Map.of(DEVELOPMENT_READINESS.getName(), "ready"));
    work(releaseKey, "quinn", TASK_CONFIRM_QA_READINESS, Map.of(QA_READINESS.getName(), "ready"));
    work(
        releaseKey,
        "otto",
        TASK_CONFIRM_OPERATIONS_READINESS,
        Map.of(OPERATIONS_READINESS.getName(), "ready"));
  }

  /**
   * The release manager rita requests the release with the lifecycle's start form, through the engine REST API, and it
   * starts; the id of its process instance.
   */
  public String requestWithStartForm(Map<String, Object> release) {
    var started =
        call(
            "rita",
            HttpMethod.POST,
            "/engine-rest/process-definition/key/" + ReleaseProcess.KEY + "/submit-form",
            Map.of("variables", variables(release)));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    return (String) started.getBody().get("id");
  }

  /** Rita plans the release as a change of this size ({@code small}, {@code large}). */
  public void plan(String releaseKey, String changeSize) {
    work(releaseKey, "rita", TASK_PLAN_RELEASE, Map.of(CHANGE_SIZE.getName(), changeSize));
  }

  /** QA (quinn) passes the release's candidate on staging without defects. */
  public void qaPasses(String releaseKey, String testSummary) {
    qaPasses(releaseKey, 0, testSummary);
  }

  /** QA (quinn) passes the release's candidate on staging, having found defects that do not hold it back. */
  public void qaPasses(String releaseKey, int defectsFound, String testSummary) {
    work(
        releaseKey,
        "quinn",
        TASK_VERIFY_RELEASE_CANDIDATE,
        Map.of(
            QA_RESULT.getName(),
            "pass",
            DEFECTS_FOUND.getName(),
            defectsFound,
            TEST_SUMMARY.getName(),
            testSummary));
  }

  /** The release manager approves the release, with a comment. */
  public void approve(String releaseKey, String releaseManager, String comment) {
    decide(releaseKey, releaseManager, "approve", comment);
  }

  /** The release manager rejects the release, saying why. */
  public void reject(String releaseKey, String releaseManager, String why) {
    decide(releaseKey, releaseManager, "reject", why);
  }

  private void decide(String releaseKey, String releaseManager, String decision, String comment) {
    work(
        releaseKey,
        releaseManager,
        TASK_APPROVE_AS_RELEASE_MANAGER,
        Map.of(DECISION.getName(), decision, COMMENT.getName(), comment));
  }

  /** Rita holds the release's retrospective, without action items. */
  public void holdRetrospective(String releaseKey, String wentWell, String wentBadly) {
    work(
        releaseKey,
        "rita",
        TASK_HOLD_RETROSPECTIVE,
        Map.of(WENT_WELL.getName(), wentWell, WENT_BADLY.getName(), wentBadly));
  }

  /** The person submits the task's form, as they may or may not: the answer. */
  public ResponseEntity<Map<String, Object>> submit(
      String user, String taskId, Map<String, Object> values) {
    return call(
        user,
        HttpMethod.POST,
        "/engine-rest/task/" + taskId + "/submit-form",
        Map.of("variables", variables(values)));
  }

  /** The id of the release's open task of this kind, whoever holds it, or null when there is none. */
  public String openTask(String releaseKey, String taskKey) {
    var tasks =
        list(
            "admin",
            "/engine-rest/task?maxResults=10&taskDefinitionKey="
                + taskKey
                + "&processInstanceBusinessKey="
                + releaseKey);
    return tasks == null || tasks.isEmpty() ? null : (String) tasks.get(0).get("id");
  }

  /** Where the release stands, as {@code GET /api/releases/{key}} tells rita. */
  public Map<String, Object> status(String releaseKey) {
    return call("rita", HttpMethod.GET, "/api/releases/" + releaseKey, null).getBody();
  }

  /** Waits until the release has ended with this outcome ({@code released}, say); its status. */
  public Map<String, Object> awaitOutcome(String releaseKey, String outcome) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> status(releaseKey), status -> outcome.equals(status.get("outcome")));
  }

  /** Waits until the release's process instance has completed; its history, as the engine REST API tells it. */
  public Map<String, Object> awaitCompleted(String releaseId) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                call(
                        "rita",
                        HttpMethod.GET,
                        "/engine-rest/history/process-instance/" + releaseId,
                        null)
                    .getBody(),
            history -> "COMPLETED".equals(history.get("state")));
  }

  /** The id of the running release's process instance. */
  public String releaseId(String releaseKey) {
    var releases =
        list("admin", "/engine-rest/process-instance?maxResults=10&businessKey=" + releaseKey);
    assertThat(releases).as("running releases %s", releaseKey).hasSize(1);
    return (String) releases.get(0).get("id");
  }

  /** The value of the running release's variable, as the engine REST API tells it. */
  public Object variable(String releaseId, VariableFactory<?> variable) {
    String name = variable.getName();
    var answer =
        call(
            "admin",
            HttpMethod.GET,
            "/engine-rest/process-instance/" + releaseId + "/variables/" + name,
            null);
    assertThat(answer.getStatusCode())
        .as("%s: %s", name, answer.getBody())
        .isEqualTo(HttpStatus.OK);
    return answer.getBody().get("value");
  }

  /** The body of {@code POST /api/releases/{key}/cancel}. */
  public record Cancellation(String reason) {}

  /** Rita cancels the release through Release Desk's API, giving a reason: the answer. */
  public ResponseEntity<Map<String, Object>> cancel(String releaseKey, String reason) {
    return call(
        "rita",
        HttpMethod.POST,
        "/api/releases/" + releaseKey + "/cancel",
        new Cancellation(reason));
  }

  /** The release manager enters the freeze window through Release Desk's API, and it is stored; its id. */
  public String freeze(String releaseManager, FreezeRequest window) {
    var created = call(releaseManager, HttpMethod.POST, "/api/freezes", window);
    assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
    return (String) created.getBody().get("id");
  }
}
