package io.releasedesk.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/** The job lock outlasts Release Desk's longest job, so a job still running is never taken over and run twice. */
class JobLockTimeTest {

  static DeploymentProperties deployment(Duration requestTimeout, int attempts, Duration interval) {
    return new DeploymentProperties(
        Map.of(), requestTimeout, new DeploymentProperties.HealthCheck(attempts, interval));
  }

  @Test
  void theLongestJobIsTheHealthCheckWithAllItsAttemptsOrOneWebhookRequest() {
    assertThat(deployment(Duration.ofSeconds(10), 3, Duration.ofSeconds(10)).longestJob())
        .isEqualTo(Duration.ofSeconds(80));
    assertThat(deployment(Duration.ofSeconds(10), 1, Duration.ofSeconds(10)).longestJob())
        .isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void theDefaultLockCoversTheDefaultLongestJob() throws IOException {
    var defaults =
        new YamlPropertySourceLoader()
            .load("defaults", new ClassPathResource("application.yaml"))
            .get(0);
    String lockTime =
        String.valueOf(defaults.getProperty("camunda.bpm.job-execution.lock-time-in-millis"));
    long millis = Long.parseLong(lockTime.replaceAll("^\\$\\{[A-Z_]+:(\\d+)}$", "$1"));
    // the defaults of DeploymentProperties, with whatever application.yaml sets
    var deployment =
        new Binder(
                ConfigurationPropertySources.from(defaults),
                new PropertySourcesPlaceholdersResolver(List.of(defaults)))
            .bindOrCreate("releasedesk.deployment", DeploymentProperties.class);

    assertThat(Duration.ofMillis(millis))
        .isLessThan(Duration.ofMinutes(5))
        .isGreaterThan(deployment.longestJob());
    assertThatCode(() -> JobLockOutlastsLongestJob.check(Duration.ofMillis(millis), deployment))
        .doesNotThrowAnyException();
  }

  @Test
  void aLockShorterThanTheLongestJobIsRefusedNamingWhatToSet() {
    assertThatThrownBy(
            () ->
                JobLockOutlastsLongestJob.check(
                    Duration.ofMinutes(2),
                    deployment(Duration.ofSeconds(30), 5, Duration.ofSeconds(10))))
        .hasMessageContaining("may take up to 340000 ms")
        .hasMessageContaining(
            "Set camunda.bpm.job-execution.lock-time-in-millis (RELEASEDESK_JOB_LOCK_TIME_MILLIS)"
                + " above 340000");
  }
}
