package io.releasedesk.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The database's part of {@code /actuator/health} ("db"), in place of Spring Boot's, which asks the connection with
 * no time limit ({@code isValid(0)}) and so can hang on a database that does not answer. This one takes a connection
 * from the pool, which waits at most the pool's connection timeout, and gives the database the validation timeout to
 * answer: during an outage the endpoint answers 503 within seconds.
 */
@Component("dbHealthIndicator")
class DatabaseHealthIndicator implements HealthIndicator {

  private final DataSource dataSource;
  private final Duration answerTimeout;

  DatabaseHealthIndicator(
      DataSource dataSource,
      @Value("${spring.datasource.hikari.validation-timeout:2000}") long validationTimeoutMillis) {
    this.dataSource = dataSource;
    this.answerTimeout = Duration.ofMillis(validationTimeoutMillis);
  }

  @Override
  public Health health() {
    try (Connection connection = dataSource.getConnection()) {
      int seconds = (int) Math.max(1, answerTimeout.toSeconds());
      if (connection.isValid(seconds)) {
        return Health.up().build();
      }
      return Health.down()
          .withDetail("error", "The database did not answer within " + seconds + " s")
          .build();
    } catch (SQLException e) {
      return Health.down(e).build();
    }
  }
}
