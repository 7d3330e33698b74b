package io.releasedesk.deployment;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * An environment whose deployments are started by an HTTP webhook: Release Desk POSTs
 * {@code {"service", "version", "commit", "environment", "releaseKey"}} as JSON and takes any 2xx answer as accepted.
 * Each request carries an {@code Idempotency-Key} header that stays the same when a failed step is retried.
 */
class WebhookDeploymentTarget implements DeploymentTarget {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** The JSON body of a webhook request. */
  record Payload(
      String service, String version, String commit, String environment, String releaseKey) {
    static Payload of(DeploymentRequest request) {
      return new Payload(
          request.service(),
          request.version(),
          request.commit(),
          request.environment(),
          request.releaseKey());
    }
  }

  private record Answer(HttpStatusCode status, String body) {}

  private final RestClient http;
  private final URI webhookUrl;
  private final URI rollbackUrl;
  private final String token;

  WebhookDeploymentTarget(RestClient http, URI webhookUrl, URI rollbackUrl, String token) {
    this.http = http;
    this.webhookUrl = webhookUrl;
    this.rollbackUrl = rollbackUrl;
    this.token = token;
  }

  @Override
  public DeploymentMode deploy(DeploymentRequest request) {
    Answer answer = post(webhookUrl, request, "deployment");
    if (answer.status().is2xxSuccessful()) {
      return DeploymentMode.AUTOMATIC;
    }
    String problem = describe("deployment", request, answer);
    if (answer.status().is4xxClientError() && !worthRetrying(answer.status())) {
      throw new DeploymentRejectedException(problem);
    }
    throw new DeploymentTargetUnavailableException(problem);
  }

  @Override
  public DeploymentMode rollBack(DeploymentRequest request) {
    if (rollbackUrl == null) {
      return DeploymentMode.MANUAL;
    }
    Answer answer = post(rollbackUrl, request, "roll-back");
    if (!answer.status().is2xxSuccessful()) {
      throw new DeploymentTargetUnavailableException(describe("roll-back", request, answer));
    }
    return DeploymentMode.AUTOMATIC;
  }

  private Answer post(URI url, DeploymentRequest request, String what) {
    long started = System.nanoTime();
    try {
      return http.post()
          .uri(url)
          .contentType(MediaType.APPLICATION_JSON)
          .header(IDEMPOTENCY_KEY, request.idempotencyKey() + ":" + what)
          .headers(
              headers -> {
                if (token != null && !token.isBlank()) {
                  headers.setBearerAuth(token);
                }
              })
          .body(Payload.of(request))
          .exchange(
              (req, res) ->
                  new Answer(res.getStatusCode(), new String(res.getBody().readAllBytes())));
    } catch (RestClientException e) {
      throw new DeploymentTargetUnavailableException(
          "The "
              + what
              + " webhook "
              + url
              + " for "
              + request.environment()
              + " could not be reached: "
              + NoAnswer.describe(e, url, Duration.ofNanos(System.nanoTime() - started)),
          e);
    }
  }

  private static boolean worthRetrying(HttpStatusCode status) {
    return status.value() == HttpStatus.REQUEST_TIMEOUT.value()
        || status.value() == HttpStatus.TOO_MANY_REQUESTS.value();
  }

  private String describe(String what, DeploymentRequest request, Answer answer) {
    String body = answer.body().strip();
    if (body.length() > 500) {
      body = body.substring(0, 500) + "…";
    }
    return "The "
        + what
        + " webhook for "
        + request.environment()
        + " answered "
        + answer.status().value()
        + " to "
        + request.service()
        + " "
        + request.version()
        + (body.isEmpty() ? "" : ": " + body);
  }
}
