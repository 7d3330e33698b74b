package io.releasedesk;

import static io.releasedesk.DatabaseOutageHealthTest.status;
import static io.releasedesk.DatabaseOutageHealthTest.unusedPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL stops for a while in the middle of a release and starts again. Meanwhile every door answers 503 with a
 * Retry-After and words, neither 500 nor a hang: Release Desk's API and the engine REST API (whose HTTP Basic login
 * already needs the database), Tasklist's session calling the engine's API, and the API read with that session. A
 * request refused so changes nothing. Once the database is back, the application goes on without a restart: the
 * release requested before the outage gets its proposed version from the job executor (whether its job ran before,
 * failed during, or waited out the outage) and walks on.
 */
@ApplicationTest
class DatabaseOutageTest {

  @TempDir Path data;

  @Test
  void everyDoorAnswers503DuringAnOutageAndNothingIsLostOrHalfDone() throws Exception {
    int databasePort = unusedPort();
    EmbeddedPostgres postgres = postgres(databasePort);
    try {
      try (ConfigurableApplicationContext app =
          new SpringApplicationBuilder(ReleaseDeskApplication.class)
              .profiles("demo", "test")
              .run(
                  "--server.port=0",
                  "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                  "--spring.datasource.username=postgres",
                  "--spring.datasource.password=postgres",
                  // a job that failed with the database is taken up again soon after it is back
                  "--camunda.bpm.job-execution.lock-time-in-millis=15000")) {
        String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        ProcessEngine engine = app.getBean(ProcessEngine.class);

        // given a release requested, and Tasklist open, before the outage
        var accepted = call(base, "rita", "POST", "/api/releases", request("1.3.0"));
        assertThat(accepted.statusCode()).isEqualTo(201);
        var tasklist = TasklistSession.login(base, "rita", "rita");
        assertThat(tasklist.get("task/count").statusCode()).isEqualTo(200);

        // when PostgreSQL stops
        postgres.close();

        // then every door answers 503, with when to try again and why
        List<HttpResponse<String>> answers =
            List.of(
                call(base, "rita", "POST", "/api/releases", request("1.4.0")),
                call(base, "rita", "GET", "/api/releases/search@1.3.0", null),
                call(base, "rita", "GET", "/engine-rest/task?maxResults=10", null),
                tasklist.get("task/count"),
                tasklist.post("task/count", "{}"),
                tasklist.call("GET", "/api/releases?maxResults=10", null));
        for (HttpResponse<String> answer : answers) {
          assertThat(answer.statusCode()).as(answer.request().uri().toString()).isEqualTo(503);
          assertThat(answer.headers().firstValue("Retry-After")).hasValue("30");
          assertThat(answer.body()).contains("cannot reach its database");
        }

        // and once PostgreSQL is back, Release Desk serves again without a restart
        postgres = postgres(databasePort);
        URI health = URI.create(base + "/actuator/health");
        await().atMost(Duration.ofSeconds(60)).until(() -> status(health) == 200);

        // the release refused during the outage was not started
        assertThat(call(base, "rita", "GET", "/api/releases/search@1.4.0", null).statusCode())
            .isEqualTo(404);
        // the one accepted before goes on: its version is proposed and it can be planned
        Task plan =
            await()
                .atMost(Duration.ofSeconds(90))
                .until(
                    () ->
                        engine
                            .getTaskService()
                            .createTaskQuery()
                            .processInstanceBusinessKey("search@1.3.0")
                            .taskDefinitionKey(ReleaseProcess.Elements.TASK_PLAN_RELEASE)
                            .singleResult(),
                    task -> task != null);
        assertThat(
                call(
                        base,
                        "rita",
                        "POST",
                        "/engine-rest/task/" + plan.getId() + "/claim",
                        "{\"userId\": \"rita\"}")
                    .statusCode())
            .isEqualTo(204);
        assertThat(
                call(
                        base,
                        "rita",
                        "POST",
                        "/engine-rest/task/" + plan.getId() + "/submit-form",
                        "{\"variables\": {\"changeSize\": {\"value\": \"small\"}}}")
                    .statusCode())
            .isEqualTo(204);
        // and the job executor carries it on to staging
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    engine
                            .getHistoryService()
                            .createHistoricActivityInstanceQuery()
                            .processInstanceId(plan.getProcessInstanceId())
                            .activityId(ReleaseProcess.Elements.CALL_ACTIVITY_DEPLOY_TO_STAGING)
                            .count()
                        > 0);
        assertThat(tasklist.get("task/count").statusCode()).isEqualTo(200);
      }
    } finally {
      postgres.close();
    }
  }

  static String request(String version) {
    return """
        {"service": "search", "version": "%s", "targetDate": "%s", "releaseType": "hotfix",
         "scopeSummary": "Typo fix", "hasDatabaseMigrations": false, "customerFacing": false}
        """
        .formatted(version, LocalDate.now().plusDays(3));
  }

  /** A call with HTTP Basic as one of the demo people (each password is the user id). */
  static HttpResponse<String> call(
      String base, String user, String method, String path, String json)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A PostgreSQL server on this port and data directory, which survive a stop. */
  EmbeddedPostgres postgres(int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }
}
