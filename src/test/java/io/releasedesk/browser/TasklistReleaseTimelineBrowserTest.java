package io.releasedesk.browser;

import static io.releasedesk.support.ApiClient.variables;
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
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

/** Tasklist's Release tab, in headless Chromium: a developer opens their task and reads its release so far. */
@BrowserTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class TasklistReleaseTimelineBrowserTest {

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
  void theReleaseTabTellsTheTasksReleaseInWords() {
    // given: Rita requested and planned payments 2.4.0; the teams are asked whether they are ready
    var api = new ApiClient(rest);
    String target = LocalDate.now().plusDays(10).toString();
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/api/releases",
                    Map.of(
                        "service",
                        "payments",
                        "version",
                        "2.4.0",
                        "targetDate",
                        target,
                        "releaseType",
                        "regular",
                        "scopeSummary",
                        "New checkout flow",
                        "hasDatabaseMigrations",
                        false,
                        "customerFacing",
                        false))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
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
    api.call(
        "rita",
        HttpMethod.POST,
        "/engine-rest/task/" + plan.getId() + "/claim",
        Map.of("userId", "rita"));
    assertThat(
            api.call(
                    "rita",
                    HttpMethod.POST,
                    "/engine-rest/task/" + plan.getId() + "/submit-form",
                    Map.of("variables", variables(Map.of("changeSize", "small"))))
                .getStatusCode())
        .isIn(HttpStatus.OK, HttpStatus.NO_CONTENT);
    Task readiness =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    taskService
                        .createTaskQuery()
                        .processInstanceBusinessKey("payments@2.4.0")
                        .taskDefinitionKey(Elements.TASK_CONFIRM_DEVELOPMENT_READINESS)
                        .singleResult(),
                task -> task != null);

    // when: Devon opens his task in Tasklist and its Release tab
    String timeline;
    try {
      // Tasklist's first load (its bundles and plugins) can take longer than a step's wait on a
      // busy machine
      new WebDriverWait(tasklist.driver, Duration.ofMinutes(3))
          .until(
              ExpectedConditions.visibilityOfElementLocated(
                  By.cssSelector("input[ng-model=username]")));
      tasklist.logIn("devon", "devon");
      tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);
      tasklist.openTask(readiness.getId());
      tasklist.openTaskTab("Release");
      timeline = tasklist.taskTabText(".rd-timeline");
    } catch (RuntimeException e) {
      tasklist.screenshot(
          Path.of("target", "browser-tests", "tasklist-release-timeline-failed.png"));
      throw e;
    }

    // then: the release so far, in words and in order, with who did what
    assertThat(timeline)
        .contains(
            "payments@2.4.0",
            "Requested payments 2.4.0 (regular, target date " + target + "): New checkout flow",
            "— rita",
            "The repository proposed version",
            "Planned version 2.4.0 for " + target + ", a small change",
            "Waiting for Confirm development readiness");
    assertThat(timeline.indexOf("Requested")).isLessThan(timeline.indexOf("Planned"));
    assertThat(timeline.indexOf("Planned"))
        .isLessThan(timeline.indexOf("Waiting for Confirm development"));
    assertThat(timeline).doesNotContain("Gateway", "multiInstance", "nrOf", "loopCounter");
    tasklist.showTaskFromTop();
    tasklist.screenshot(Path.of("target", "browser-tests", "tasklist-release-timeline.png"));
  }
}
