package io.releasedesk.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.Cleanup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

/**
 * The release manager's planning form in Tasklist, in headless Chromium: the version the service's commits propose,
 * the last release, and the commits that decided it, read from the demo repository of the service.
 */
@BrowserTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class PlanReleaseBrowserTest {

  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  Tasklist tasklist;

  @BeforeEach
  void openTasklist() {
    tasklist = Tasklist.open("http://localhost:" + port);
  }

  @AfterEach
  void closeTasklistAndForgetReleases() {
    if (tasklist != null) {
      tasklist.close();
    }
    Cleanup.forgetReleases(runtimeService);
  }

  @Test
  void theReleaseManagerPlansWithTheVersionTheCommitsPropose() {
    // given: payments is requested; its repository has a feature, a fix and docs since its release
    // v2.3.0
    var requested =
        new ApiClient(rest)
            .call(
                "rita",
                HttpMethod.POST,
                "/api/releases",
                Map.of(
                    "service",
                    "payments",
                    "version",
                    "2.4.0",
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
    assertThat(requested.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    Task plan =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    taskService
                        .createTaskQuery()
                        .processInstanceBusinessKey("payments@2.4.0")
                        .taskDefinitionKey(Elements.TASK_PLAN_RELEASE)
                        .singleResult(),
                task -> task != null);

    // when: Rita opens the plan among her group's tasks
    tasklist.logIn("rita", "rita");
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);
    tasklist.openTask(plan.getId());

    // then: the form shows the proposal, the last release and the commit that decided it (a
    // feature: minor)
    assertThat(tasklist.formHeading()).isEqualTo("Plan payments 2.4.0");
    assertThat(tasklist.formText())
        .contains(
            "The commits propose version 2.4.0",
            "Last release 2.3.0 (tag v2.3.0); 3 commits since",
            "A minor version, because of:",
            "feat: export as CSV (PAY-117)")
        .doesNotContain("No commits since the last release");
    tasklist.showTaskFromTop();
    tasklist.screenshot(Path.of("target", "browser-tests", "tasklist-plan-release.png"));
  }
}
