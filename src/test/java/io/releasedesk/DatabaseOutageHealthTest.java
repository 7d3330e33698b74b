package io.releasedesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.support.ApplicationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The health endpoint tells a load balancer the truth during a database outage: 503 while PostgreSQL is down (the
 * pool's and the check's own time limits make it answer within seconds; how fast is a matter for a benchmark, not
 * for a test), 200 again once it is back, without a restart. PostgreSQL really stops (its server process
 * ends and refuses connections) and starts again on the same data and port. The application runs in a context of
 * this test's own, closed before the database stops for good.
 */
@ApplicationTest
class DatabaseOutageHealthTest {

  @TempDir Path data;

  @Test
  void healthAnswers503WhileTheDatabaseIsDownAnd200OnceItIsBack() throws Exception {
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
                  "--spring.datasource.password=postgres")) {
        URI health =
            URI.create(
                "http://localhost:"
                    + app.getEnvironment().getProperty("local.server.port")
                    + "/actuator/health");
        assertThat(status(health)).isEqualTo(200);

        // when PostgreSQL stops
        postgres.close();

        // then health answers 503, every time it is asked
        for (int i = 0; i < 2; i++) {
          assertThat(status(health)).as("while the database is down").isEqualTo(503);
        }

        // and once PostgreSQL is back, 200 again, without a restart
        postgres = postgres(databasePort);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(health) == 200);
      }
    } finally {
      postgres.close();
    }
  }

  /** A PostgreSQL server on this port and data directory, which survive a stop. */
  EmbeddedPostgres postgres(int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  static int status(URI url) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static int unusedPort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
