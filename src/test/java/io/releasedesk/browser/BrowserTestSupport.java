package io.releasedesk.browser;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_NUMBER;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPOSITORY;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holunda.camunda.bpm.data.Writers;
import io.holunda.camunda.bpm.data.builder.VariableMapBuilder;
import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.reminders.Reminders;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.Cleanup;
import io.releasedesk.versioning.Candidates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

/**
 * What the {@link BrowserTest}s share, so that each reads as what people do: the webapps a test opens, as new
 * visitors, closed after it (the page of a failed test kept as {@code target/browser-tests/failed-<test>.png}, which
 * usually explains more than the assertion message); releases requested through Release Desk's API, or started
 * mid-way as trusted code; and, after each test, no release left, running or ended. The application runs on a port
 * of its own with the demo people, as a visitor finds it.
 */
@BrowserTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
abstract class BrowserTestSupport {

  /** Where the screenshots go; docs/images/ holds copies of those the README shows. */
  static final Path SCREENSHOTS = Path.of("target", "browser-tests");

  /** The release manager who requests the releases of the tests. */
  static final String REQUESTER = "rita";

  /** Generous: the job executor moves releases on in the background, on a busy machine. */
  static final Duration PATIENCE = Duration.ofSeconds(150);

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @Autowired TestRestTemplate rest;
  @Autowired ServiceCatalog catalog;
  @Autowired Candidates candidates;
  @LocalServerPort int port;

  private final List<CamundaWebapp> opened = new ArrayList<>();

  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      context -> {
        if (context.getExecutionException().isPresent()) {
          opened.stream()
              .filter(CamundaWebapp::isOpen)
              .reduce((first, last) -> last)
              .ifPresent(
                  webapp ->
                      webapp.screenshot(
                          SCREENSHOTS.resolve(
                              "failed-" + context.getRequiredTestMethod().getName() + ".png")));
        }
      };

  /**
   * The webapps look their engine up through {@code ProcessEngines}, which on first use also starts an engine from any
   * {@code camunda.cfg.xml} on the classpath: that one would replace the application's engine as "default", with an
   * empty database, and the webapps would show Camunda's "create the first administrator" page instead of the login.
   */
  @BeforeAll
  static void noEngineConfigurationOnTheClasspath() {
    assertThat(BrowserTestSupport.class.getClassLoader().getResource("camunda.cfg.xml"))
        .as(
            "camunda.cfg.xml on the test classpath would take the webapps off the application's engine; give "
                + "process test configurations another name (and run mvn clean once)")
        .isNull();
  }

  @AfterEach
  void closeWebappsAndForgetReleases() {
    try {
      opened.forEach(CamundaWebapp::close);
    } finally {
      Cleanup.forgetReleases(runtimeService);
      historyService
          .createHistoricProcessInstanceQuery()
          .processDefinitionKey(ReleaseProcess.KEY)
          .listPage(0, 1000)
          .forEach(
              release -> historyService.deleteHistoricProcessInstanceIfExists(release.getId()));
    }
  }

  String baseUrl() {
    return "http://localhost:" + port;
  }

  /** Opens a webapp on Release Desk's address, e.g. {@code open(Cockpit::open)}; it is closed after the test. */
  <T extends CamundaWebapp> T open(Function<String, T> webapp) {
    T page = webapp.apply(baseUrl());
    opened.add(page);
    return page;
  }

  /** Opens Tasklist and logs in as one of the demo people (whose password is their user id). */
  Tasklist tasklistAs(String user) {
    Tasklist tasklist = open(Tasklist::open);
    tasklist.logIn(user, user);
    return tasklist;
  }

  /** Opens Cockpit and logs in as one of the demo people. */
  Cockpit cockpitAs(String user) {
    Cockpit cockpit = open(Cockpit::open);
    cockpit.logIn(user, user);
    return cockpit;
  }

  /** Release Desk's HTTP APIs, called as one of the demo people. */
  ApiClient api() {
    return new ApiClient(rest);
  }

  /**
   * Rita requests a regular release without database migrations through Release Desk's API; the key of the release,
   * which proposes its version in the background and then waits for its plan.
   */
  String request(
      String service, String version, String scope, LocalDate target, boolean customerFacing) {
    var request = ApiClient.releaseRequest(service, version, scope);
    request.put(TARGET_DATE.getName(), target.toString());
    request.put(CUSTOMER_FACING.getName(), customerFacing);
    api().request(request);
    return service + "@" + version;
  }

  /** The body of {@code POST /api/releases/{key}/cancel}. */
  record Cancellation(String reason) {}

  /** Rita cancels the release through Release Desk's API, for this reason. */
  void cancel(String releaseKey, String reason) {
    assertThat(
            api()
                .call(
                    REQUESTER,
                    HttpMethod.POST,
                    "/api/releases/" + releaseKey + "/cancel",
                    new Cancellation(reason))
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  /** The release's open task of this kind, once the job executor has moved the release there. */
  Task taskOf(String releaseKey, String taskKey) {
    return await()
        .atMost(PATIENCE)
        .until(
            () ->
                taskService
                    .createTaskQuery()
                    .processInstanceBusinessKey(releaseKey)
                    .taskDefinitionKey(taskKey)
                    .singleResult(),
            task -> task != null);
  }

  /** The process instance id of the running release with this key. */
  String runningRelease(String releaseKey) {
    return runtimeService
        .createProcessInstanceQuery()
        .processInstanceBusinessKey(releaseKey)
        .singleResult()
        .getId();
  }

  /**
   * A release as Rita requested it: regular, customer-facing, without database migrations, due in two weeks, from the
   * service's demo repository. Change any variable with {@code set} before starting it.
   */
  static VariableMapBuilder requested(String service, String version, String scope) {
    return Writers.C7
        .builder()
        .set(SERVICE, service)
        .set(REPOSITORY, "data/demo-repositories/" + service)
        .set(VERSION, version)
        .set(TARGET_DATE, LocalDate.now().plusWeeks(2).toString())
        .set(RELEASE_TYPE, "regular")
        .set(SCOPE_SUMMARY, scope)
        .set(HAS_DATABASE_MIGRATIONS, false)
        .set(CUSTOMER_FACING, true)
        .set(REQUESTED_BY, REQUESTER);
  }

  /**
   * A {@link #requested} release planned at this risk, for approval by the policy, its first candidate the head of the
   * service's demo repository: started where the candidate is verified, QA is asked to verify it.
   */
  VariableMapBuilder candidate(
      String service, String version, String scope, String risk, String approvalPolicy) {
    return requested(service, version, scope)
        .set(RISK_LEVEL, risk)
        .set(RISK_REASON, "customer-facing")
        .set(APPROVAL_POLICY, approvalPolicy)
        .set(CANDIDATE_NUMBER, 1)
        .set(CANDIDATE_VERSION, version + "-rc.1")
        .set(CANDIDATE_COMMIT, candidates.pin(catalog.ofRelease(service)));
  }

  /**
   * A {@link #candidate} that passed QA: started where the release's notes are drafted, it then waits for approval by
   * the policy.
   */
  VariableMapBuilder passedQa(
      String service, String version, String scope, String risk, String approvalPolicy) {
    return candidate(service, version, scope, risk, approvalPolicy)
        .set(QA_RESULT, "pass")
        .set(TEST_SUMMARY, "Exports checked against the ledger");
  }

  /** Starts the release before this step, as trusted code, as if the steps before had run. */
  ProcessInstance startAt(String activityId, VariableMapBuilder release) {
    VariableMap variables = release.build();
    return runtimeService
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .setVariables(Reminders.dueDateVariables())
        .businessKey(SERVICE.from(variables).get() + "@" + VERSION.from(variables).get())
        .startBeforeActivity(activityId)
        .setVariables(variables)
        .execute();
  }
}
