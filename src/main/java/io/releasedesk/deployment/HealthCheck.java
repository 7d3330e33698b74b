package io.releasedesk.deployment;

import java.net.URI;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks a deployed service whether it is healthy: an HTTP GET of its health URL, healthy on 2xx. A fresh deployment
 * may need a moment, so the check is repeated a configured number of times before it counts as failed.
 */
@Component
public class HealthCheck {

  /** What the check found, in words an operator can act on. */
  public record Report(boolean healthy, String summary) {}

  private final RestClient http;
  private final DeploymentProperties.HealthCheck settings;

  public HealthCheck(RestClient deploymentHttpClient, DeploymentProperties properties) {
    this.http = deploymentHttpClient;
    this.settings = properties.healthCheck();
  }

  public Report check(URI url) {
    String last = "";
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      if (attempt > 1) {
        pause(settings.interval());
      }
      long started = System.nanoTime();
      try {
        int status = http.get().uri(url).exchange((req, res) -> res.getStatusCode().value());
        if (status >= 200 && status < 300) {
          return new Report(
              true,
              "GET "
                  + url
                  + " answered "
                  + status
                  + " (attempt "
                  + attempt
                  + " of "
                  + settings.attempts()
                  + ")");
        }
        last = "answered " + status;
      } catch (RestClientException e) {
        last =
            "could not be reached ("
                + NoAnswer.describe(e, url, Duration.ofNanos(System.nanoTime() - started))
                + ")";
      }
    }
    return new Report(
        false,
        "GET "
            + url
            + " "
            + last
            + " after "
            + settings.attempts()
            + " attempt"
            + (settings.attempts() == 1 ? "" : "s"));
  }

  private static void pause(Duration interval) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to check health again", e);
    }
  }
}
