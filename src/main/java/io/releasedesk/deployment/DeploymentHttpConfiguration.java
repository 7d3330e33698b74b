package io.releasedesk.deployment;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration
class DeploymentHttpConfiguration {

  /** The HTTP client for webhooks and health checks: bounded waits, so that a hanging peer cannot hold a job. */
  @Bean
  RestClient deploymentHttpClient(RestClient.Builder builder, DeploymentProperties properties) {
    var settings = ClientHttpRequestFactorySettings.defaults()
        .withConnectTimeout(properties.requestTimeout())
        .withReadTimeout(properties.requestTimeout());
    return builder
        .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings))
        .defaultHeader("User-Agent", "ReleaseDesk")
        .build();
  }
}
