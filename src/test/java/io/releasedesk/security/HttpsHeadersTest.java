package io.releasedesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.support.ApplicationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.ActiveProfiles;

/** Served over HTTPS ({@code RELEASEDESK_SECURE_COOKIES=true}), every response tells browsers to stay on HTTPS. */
@ApplicationTest
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "RELEASEDESK_SECURE_COOKIES=true")
@ActiveProfiles({"demo", "test"})
class HttpsHeadersTest {

  @Autowired TestRestTemplate rest;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/camunda/app/tasklist/",
        "/camunda/api/engine/engine/default/task/count",
        "/engine-rest/task/count",
        "/api/releases/payments@2.4.0",
        "/actuator/health",
        "/no-such-page"
      })
  void everyResponseAsksForHttpsOnce(String path) {
    var answer = rest.getForEntity(path, String.class);

    assertThat(answer.getHeaders().get("Strict-Transport-Security"))
        .as(path)
        .containsExactly(SecurityHeaders.HSTS);
    assertThat(answer.getHeaders().get("X-Frame-Options")).as(path).containsExactly("DENY");
  }
}
