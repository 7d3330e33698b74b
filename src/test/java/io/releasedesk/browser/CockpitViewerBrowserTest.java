package io.releasedesk.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.Cleanup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
 * Cockpit in headless Chromium as a release viewer meets it: the Release process and a running release with its
 * variables, without a button that would change them (edit or delete a variable, add one, cancel or suspend the
 * release, suspend the process), since the engine would refuse each; an administrator still has them. Cockpit's
 * process page loads without a refused request. Takes the README's screenshot of a running release
 * ({@code target/browser-tests/cockpit-release.png}, without Camunda's migration banner).
 *
 * <p>Skipped without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}.
 */
@BrowserTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class CockpitViewerBrowserTest {

  static final Path SCREENSHOTS = Path.of("target", "browser-tests");
  static final String RELEASE = "payments@2.4.0";

  @Autowired RuntimeService runtimeService;
  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  Cockpit cockpit;

  /** Keeps the page of a failed test, which usually explains more than the assertion message. */
  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      context -> {
        if (context.getExecutionException().isPresent() && cockpit != null) {
          cockpit.screenshot(
              SCREENSHOTS.resolve("failed-" + context.getRequiredTestMethod().getName() + ".png"));
        }
      };

  @BeforeEach
  void openCockpit() {
    Tasklist.assumeBrowserInstalled();
    cockpit = Cockpit.open("http://localhost:" + port);
  }

  @AfterEach
  void closeCockpitAndForgetReleases() {
    if (cockpit != null) {
      cockpit.close();
    }
    Cleanup.forgetReleases(runtimeService);
  }

  @Test
  void aViewerSeesTheReleaseWithoutButtonsThatWouldChangeIt() {
    // given: Rita requested payments 2.4.0, which waits for its plan
    String release = request(RELEASE);

    // when: Mona, a release viewer, opens the Release process
    cockpit.recordFailedRequests();
    cockpit.logIn("mona", "mona");
    cockpit.openProcess("Release");
    cockpit.waitForProcessInstances();

    // then: the page loaded without a refused request (its versions list was once refused as
    // unbound) and offers
    // her no suspension of the process
    assertThat(cockpit.failedRequests())
        .as("requests the server refused")
        .noneMatch(failed -> failed.contains("/engine/"));
    assertThat(cockpit.changeActionsShown()).isEmpty();

    // when: she opens the release
    cockpit.openProcessInstance(release);

    // then: its variables are shown, with nothing that would change them or the release
    assertThat(cockpit.changeActionsShown()).isEmpty();
    assertThat(cockpit.failedRequests()).noneMatch(failed -> failed.contains("/engine/"));
    cockpit.screenshot(SCREENSHOTS.resolve("cockpit-release.png"));
  }

  @Test
  void anAdministratorStillHasTheButtons() {
    String release = request(RELEASE);

    cockpit.recordFailedRequests();
    cockpit.logIn("admin", "admin");
    cockpit.openProcessInstance(release);

    assertThat(cockpit.failedRequests()).noneMatch(failed -> failed.contains("/engine/"));
    assertThat(cockpit.changeActionsShown())
        .contains(
            "Edit the variable",
            "Delete the variable",
            "Add a new variable to Process Instance",
            "Delete running process instance",
            "Suspend Process Instance");
  }

  private String request(String releaseKey) {
    String[] serviceAndVersion = releaseKey.split("@");
    var started =
        new ApiClient(rest)
            .call(
                "rita",
                HttpMethod.POST,
                "/api/releases",
                Map.of(
                    "service",
                    serviceAndVersion[0],
                    "version",
                    serviceAndVersion[1],
                    "targetDate",
                    LocalDate.now().plusWeeks(2).toString(),
                    "releaseType",
                    "regular",
                    "scopeSummary",
                    "CSV export for finance",
                    "hasDatabaseMigrations",
                    false,
                    "customerFacing",
                    true));
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    // the version is proposed from the repository in the background; then the release waits for its
    // plan
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                runtimeService
                        .createExecutionQuery()
                        .processInstanceBusinessKey(releaseKey)
                        .activityId(ReleaseProcess.Elements.TASK_PLAN_RELEASE)
                        .count()
                    == 1);
    return runtimeService
        .createProcessInstanceQuery()
        .processInstanceBusinessKey(releaseKey)
        .singleResult()
        .getId();
  }
}
