package io.releasedesk.bench;

import java.time.Duration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** What the benchmark adds to the application: the progress it waits on. */
@TestConfiguration(proxyBeanMethods = false)
class BenchConfiguration {

  @Bean
  Progress benchProgress() {
    // a release that has not come on in this time is stuck: the benchmark stops and says so
    return new Progress(Duration.ofMinutes(2));
  }
}
