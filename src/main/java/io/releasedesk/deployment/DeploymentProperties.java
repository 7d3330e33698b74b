package io.releasedesk.deployment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where releases are deployed: the environments in order, each with its deployment target and health check.
 *
 * @param environments by name, in the order a release passes them
 * @param requestTimeout how long a webhook or health check request may take to connect and to answer
 * @param healthCheck how patiently a fresh deployment is checked
 *     <p>The defaults below are the only ones: application.yaml does not repeat them.
 */
@Validated
@ConfigurationProperties("releasedesk.deployment")
public record DeploymentProperties(
    @NotEmpty Map<String, @Valid Environment> environments,
    @NotNull @DefaultValue("PT10S") Duration requestTimeout,
    @NotNull @Valid @DefaultValue HealthCheck healthCheck) {

  /**
   * The longest a job of the deployment model may run: a health check, each attempt a request bounded by the
   * request timeout to connect and again to answer, with the interval between attempts; or one webhook request.
   */
  public Duration longestJob() {
    Duration request = requestTimeout.multipliedBy(2);
    Duration healthCheck =
        request
            .multipliedBy(this.healthCheck.attempts())
            .plus(this.healthCheck.interval().multipliedBy(this.healthCheck.attempts() - 1L));
    return healthCheck.compareTo(request) > 0 ? healthCheck : request;
  }

  /** How a deployment reaches an environment. */
  public enum TargetKind {
    /** An operator deploys by hand and confirms in Tasklist. */
    MANUAL,
    /** Release Desk POSTs the release to a URL, which deploys it. */
    WEBHOOK
  }

  /**
   * One environment.
   *
   * @param target how deployments reach it
   * @param webhookUrl for a webhook target: where deployments are POSTed
   * @param rollbackUrl for a webhook target: where roll-backs are POSTed; without it, operations roll back by hand
   * @param webhookToken optional bearer token sent with webhook requests
   * @param statusUrl for a webhook target: where it is asked whether it already has a request (GET with the request's
   *     Idempotency-Key); without it, the webhook's (or roll-back's) own URL is asked
   * @param healthUrl answered with 2xx when the deployed service is healthy
   */
  public record Environment(
      @NotNull @DefaultValue("manual") TargetKind target,
      URI webhookUrl,
      URI rollbackUrl,
      String webhookToken,
      URI statusUrl,
      @NotNull(
              message =
                  "is required: the health endpoint of the deployed service "
                      + "(environment variable RELEASEDESK_<ENVIRONMENT>_HEALTH_URL)")
          URI healthUrl) {

    @AssertTrue(message = "a webhook target needs a webhook-url")
    public boolean isWebhookUrlSetForWebhookTarget() {
      return target != TargetKind.WEBHOOK || webhookUrl != null;
    }
  }

  /**
   * @param attempts how many times the health URL is asked before the deployment counts as failed
   * @param interval the pause between attempts
   */
  public record HealthCheck(
      @Min(1) @DefaultValue("3") int attempts, @NotNull @DefaultValue("PT10S") Duration interval) {}
}
