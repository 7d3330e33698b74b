package io.releasedesk.deployment;

import java.net.http.HttpClient;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration
class DeploymentHttpConfiguration {

  /**
   * The HTTP client for webhooks and health checks: bounded waits, so that a hanging peer cannot hold a job; and
   * HTTP/1.1, because the JDK client's offer to upgrade a plain-http connection to HTTP/2 makes some servers drop
   * requests that carry a body.
   */
  @Bean
  RestClient deploymentHttpClient(RestClient.Builder builder, DeploymentProperties properties) {
    var settings =
        ClientHttpRequestFactorySettings.defaults()
            .withConnectTimeout(properties.requestTimeout())
            .withReadTimeout(properties.requestTimeout());
    return builder
        .requestFactory(
            ClientHttpRequestFactoryBuilder.jdk()
                .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                .build(settings))
        .defaultHeader("User-Agent", "ReleaseDesk")
        .build();
  }
}
