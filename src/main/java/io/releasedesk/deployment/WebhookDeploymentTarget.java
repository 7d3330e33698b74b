package io.releasedesk.deployment;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * An environment whose deployments are started by an HTTP webhook: Release Desk POSTs
 * {@code {"service", "version", "commit", "environment", "releaseKey"}} as JSON and takes any 2xx answer as accepted.
 *
 * <p>The protocol, for whoever writes a target:
 *
 * <ol>
 *   <li>Each request carries an {@code Idempotency-Key} header, the same every time the same deployment (or roll-back)
 *       is tried again: after a timeout, an error answer, a crash of Release Desk. A target must honour it: a second
 *       request with a key it has seen starts nothing new and answers as the first did.
 *   <li>Before each POST, Release Desk asks whether the target already has the request: {@code GET} of the same URL
 *       (the webhook's, or the roll-back's), or of the environment's {@code status-url} if one is set, with the same
 *       {@code Idempotency-Key} header (and the bearer token). The answer:
 *       <ul>
 *         <li>2xx <em>repeating the {@code Idempotency-Key} header</em>: the target has the request; Release Desk does
 *             not send it again and counts it as accepted. The body may say its state; it goes to the log.
 *         <li>404: the target does not know the key; the request is POSTed.
 *         <li>any other 4xx, or a 2xx without the key (a target that does not offer the follow-up): the request is
 *             POSTed, as it always was.
 *         <li>408, 429, 5xx or no answer: nobody can tell; the step fails and is retried later, like a failed POST.
 *       </ul>
 * </ol>
 *
 * So a request that timed out while the target was still accepting it is checked before it is sent again, and a
 * target that offers the follow-up receives each deployment once even if it is slower than the request timeout.
 */
class WebhookDeploymentTarget implements DeploymentTarget {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDeploymentTarget.class);

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
  private final URI statusUrl;

  WebhookDeploymentTarget(RestClient http, URI webhookUrl, URI rollbackUrl, String token) {
    this(http, webhookUrl, rollbackUrl, token, null);
  }

  /**
   * @param statusUrl where the target is asked whether it already has a request; null: the URL the request goes to
   */
  WebhookDeploymentTarget(
      RestClient http, URI webhookUrl, URI rollbackUrl, String token, URI statusUrl) {
    this.http = http;
    this.webhookUrl = webhookUrl;
    this.rollbackUrl = rollbackUrl;
    this.token = token;
    this.statusUrl = statusUrl;
  }

  @Override
  public DeploymentMode deploy(DeploymentRequest request) {
    if (alreadyHas(webhookUrl, request, "deployment")) {
      return DeploymentMode.AUTOMATIC;
    }
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
    if (alreadyHas(rollbackUrl, request, "roll-back")) {
      return DeploymentMode.AUTOMATIC;
    }
    Answer answer = post(rollbackUrl, request, "roll-back");
    if (!answer.status().is2xxSuccessful()) {
      throw new DeploymentTargetUnavailableException(describe("roll-back", request, answer));
    }
    return DeploymentMode.AUTOMATIC;
  }

  /**
   * Whether the target already has this request, asked before it is sent (see the protocol above). Throws
   * {@link DeploymentTargetUnavailableException} when the answer cannot tell.
   */
  private boolean alreadyHas(URI url, DeploymentRequest request, String what) {
    URI asked = statusUrl != null ? statusUrl : url;
    String key = idempotencyKey(request, what);
    long started = System.nanoTime();
    Answer answer;
    try {
      answer =
          http.get()
              .uri(asked)
              .header(IDEMPOTENCY_KEY, key)
              .headers(this::authorize)
              .exchange(
                  (req, res) -> {
                    // read to the end, so that the connection can serve the POST that may follow
                    String body = new String(res.getBody().readAllBytes());
                    boolean has =
                        res.getStatusCode().is2xxSuccessful()
                            && Objects.equals(key, res.getHeaders().getFirst(IDEMPOTENCY_KEY));
                    return new Answer(res.getStatusCode(), has ? body : null);
                  });
    } catch (RestClientException e) {
      throw new DeploymentTargetUnavailableException(
          unreachable(statusUrl == null ? what + " webhook" : what + " status URL", asked, request)
              + NoAnswer.describe(e, asked, Duration.ofNanos(System.nanoTime() - started)),
          e);
    }
    if (answer.body() != null) {
      LOG.info(
          "The {} webhook for {} already has {} {} (Idempotency-Key {}), not sent again: {}",
          what,
          request.environment(),
          request.service(),
          request.version(),
          key,
          answer.body().isBlank() ? answer.status().value() : answer.body().strip());
      return true;
    }
    if (answer.status().is5xxServerError() || worthRetrying(answer.status())) {
      throw new DeploymentTargetUnavailableException(
          "The "
              + what
              + " webhook for "
              + request.environment()
              + " answered "
              + answer.status().value()
              + " when asked whether it already has "
              + request.service()
              + " "
              + request.version()
              + "; not sent, to be tried again");
    }
    return false;
  }

  private Answer post(URI url, DeploymentRequest request, String what) {
    long started = System.nanoTime();
    try {
      return http.post()
          .uri(url)
          .contentType(MediaType.APPLICATION_JSON)
          .header(IDEMPOTENCY_KEY, idempotencyKey(request, what))
          .headers(this::authorize)
          .body(Payload.of(request))
          .exchange(
              (req, res) ->
                  new Answer(res.getStatusCode(), new String(res.getBody().readAllBytes())));
    } catch (RestClientException e) {
      throw new DeploymentTargetUnavailableException(
          unreachable(what + " webhook", url, request)
              + NoAnswer.describe(e, url, Duration.ofNanos(System.nanoTime() - started)),
          e);
    }
  }

  private static String idempotencyKey(DeploymentRequest request, String what) {
    return request.idempotencyKey() + ":" + what;
  }

  private void authorize(HttpHeaders headers) {
    if (token != null && !token.isBlank()) {
      headers.setBearerAuth(token);
    }
  }

  private static String unreachable(String what, URI url, DeploymentRequest request) {
    return "The " + what + " " + url + " for " + request.environment() + " could not be reached: ";
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
