package io.releasedesk;

import static io.releasedesk.DatabaseOutageTest.call;
import static io.releasedesk.DatabaseOutageTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every connection of the pool is taken, as under a load the pool cannot serve: a request that finds none in time is
 * answered 503 with a Retry-After and words at every door (Release Desk's API and the engine REST API with HTTP Basic,
 * Tasklist's session calling the engine's API, the API read with that session), never 500, and nothing of it is
 * stored. Once connections are free again, the same request is served.
 */
@ApplicationTest
class PoolRunDryTest {

  @Test
  void aRequestThatFindsNoConnectionInTimeIsAnswered503AtEveryDoor() throws Exception {
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(ReleaseDeskApplication.class)
            .profiles("demo", "test")
            .run(
                "--server.port=0",
                // the smallest pool Release Desk accepts for one job thread, and a short wait for a
                // connection
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--spring.datasource.hikari.connection-timeout=1000",
                "--camunda.bpm.job-execution.core-pool-size=1",
                "--camunda.bpm.job-execution.max-pool-size=1")) {
      String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
      DataSource pool = app.getBean(DataSource.class);
      var tasklist = TasklistSession.login(base, "rita", "rita");
      assertThat(tasklist.get("task/count").statusCode()).isEqualTo(200);

      // given every connection of the pool in use
      List<Connection> taken = new ArrayList<>();
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () -> {
                  taken.add(pool.getConnection());
                  return taken.size() == 4;
                });

        // when requests come through every door, then each is answered 503, with when to try again
        // and why
        List<HttpResponse<String>> answers =
            List.of(
                call(base, "rita", "POST", "/api/releases", request("1.4.0")),
                call(base, "rita", "GET", "/api/releases/search@1.4.0", null),
                call(base, "rita", "GET", "/engine-rest/task?maxResults=10", null),
                tasklist.get("task/count"),
                tasklist.post("task/count", "{}"),
                tasklist.call("GET", "/api/releases?maxResults=10", null));
        for (HttpResponse<String> answer : answers) {
          assertThat(answer.statusCode()).as(answer.request().uri().toString()).isEqualTo(503);
          assertThat(answer.headers().firstValue("Retry-After")).hasValue("30");
          assertThat(answer.body()).contains("cannot reach its database");
        }
      } finally {
        for (Connection connection : taken) {
          close(connection);
        }
      }

      // and once connections are free, the request refused was not started, and sent again it is
      // served
      assertThat(call(base, "rita", "GET", "/api/releases/search@1.4.0", null).statusCode())
          .isEqualTo(404);
      assertThat(call(base, "rita", "POST", "/api/releases", request("1.4.0")).statusCode())
          .isEqualTo(201);
      assertThat(tasklist.get("task/count").statusCode()).isEqualTo(200);
    }
  }

  private static void close(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
