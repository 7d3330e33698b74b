package io.releasedesk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** However busy the job executor is, half of the connection pool stays for requests. */
class JobsLeaveConnectionsForRequestsTest {

  @Test
  void theDefaultPoolKeepsHalfForRequestsWhenEveryJobThreadHoldsTwoConnections()
      throws IOException {
    PropertySource<?> defaults =
        new YamlPropertySourceLoader()
            .load("defaults", new ClassPathResource("application.yaml"))
            .get(0);
    int pool = defaultOf(defaults, "spring.datasource.hikari.maximum-pool-size");
    int jobThreads = defaultOf(defaults, "camunda.bpm.job-execution.max-pool-size");

    assertThat(defaultOf(defaults, "camunda.bpm.job-execution.core-pool-size"))
        .isEqualTo(jobThreads);
    assertThat(pool - 2 * jobThreads).as("left for requests").isGreaterThanOrEqualTo(pool / 2);
    assertThatCode(() -> JobsLeaveConnectionsForRequests.check(jobThreads, pool))
        .doesNotThrowAnyException();
  }

  @Test
  void aPoolTheJobsCouldTakeAloneIsRefusedNamingWhatToSet() {
    // the pool before: 10 connections, and the starter's default of 10 job threads
    assertThatThrownBy(() -> JobsLeaveConnectionsForRequests.check(10, 10))
        .hasMessageContaining("runs up to 10 jobs at once")
        .hasMessageContaining(
            "set spring.datasource.hikari.maximum-pool-size (RELEASEDESK_DB_POOL_SIZE) to at least 40")
        .hasMessageContaining(
            "or camunda.bpm.job-execution.max-pool-size (RELEASEDESK_JOB_THREADS) to at most 2");
    assertThatThrownBy(() -> JobsLeaveConnectionsForRequests.check(6, 20))
        .hasMessageContaining("at least 24");
  }

  private static int defaultOf(PropertySource<?> defaults, String name) {
    String value = String.valueOf(defaults.getProperty(name));
    return Integer.parseInt(value.replaceAll("^\\$\\{[A-Z_]+:(\\d+)}$", "$1"));
  }
}
