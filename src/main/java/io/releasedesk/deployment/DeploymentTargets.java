package io.releasedesk.deployment;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The deployment target and health URL of each configured environment. */
@Component
public class DeploymentTargets {

  /** The environments the release model deploys to; the configuration must define them. */
  static final List<String> REQUIRED_ENVIRONMENTS = List.of("staging", "production");

  private record Configured(DeploymentTarget target, URI healthUrl) {}

  private final Map<String, Configured> environments = new LinkedHashMap<>();

  public DeploymentTargets(DeploymentProperties properties, RestClient deploymentHttpClient) {
    properties
        .environments()
        .forEach(
            (name, environment) ->
                environments.put(
                    name,
                    new Configured(
                        switch (environment.target()) {
                          case MANUAL -> new ManualDeploymentTarget();
                          case WEBHOOK ->
                              new WebhookDeploymentTarget(
                                  deploymentHttpClient,
                                  environment.webhookUrl(),
                                  environment.rollbackUrl(),
                                  environment.webhookToken(),
                                  environment.statusUrl());
                        },
                        environment.healthUrl())));
    for (String required : REQUIRED_ENVIRONMENTS) {
      if (!environments.containsKey(required)) {
        throw new IllegalStateException(
            "releasedesk.deployment.environments must define '"
                + required
                + "': the release model deploys to it (defined: "
                + environments.keySet()
                + ")");
      }
    }
  }

  public DeploymentTarget target(String environment) {
    return configured(environment).target();
  }

  public URI healthUrl(String environment) {
    return configured(environment).healthUrl();
  }

  private Configured configured(String name) {
    Configured configured = environments.get(name);
    if (configured == null) {
      throw new IllegalArgumentException(
          "No environment '" + name + "' is configured; configured are " + environments.keySet());
    }
    return configured;
  }
}
