package io.releasedesk.webapps;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.support.ApplicationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Release Desk's address leads to Tasklist, and the webapps get Release Desk's name, logo and styles (what the
 * browser test sees rendered, here as the files the webapps load).
 */
@ApplicationTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class StartPageTest {

  @LocalServerPort int port;

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theAddressRedirectsToTasklist() throws Exception {
    var answer = get("/");

    assertThat(answer.statusCode()).isEqualTo(302);
    assertThat(answer.headers().firstValue("Location"))
        .hasValueSatisfying(
            location ->
                assertThat(URI.create(location).getPath()).isEqualTo("/camunda/app/tasklist/"));
    // followed as a browser does, it ends on Tasklist's page, which shows its login first
    var tasklist =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(tasklist.statusCode()).isEqualTo(200);
    assertThat(tasklist.uri().getPath()).isEqualTo("/camunda/app/tasklist/default/");
    assertThat(tasklist.body()).contains("camunda-tasklist-bootstrap.js");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin"})
  void eachWebappIsNamedReleaseDeskAndLoadsItsStyles(String app) throws Exception {
    var config = get("/camunda/app/" + app + "/scripts/config.js");
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.body()).contains("vendor: 'Release Desk'");

    var styles = get("/camunda/app/" + app + "/styles/user-styles.css");
    assertThat(styles.statusCode()).isEqualTo(200);
    assertThat(styles.body()).contains("@import url(../../../assets/release-desk.css);");
  }

  @Test
  void theSharedStylesAndLogosAreServed() throws Exception {
    var styles = get("/camunda/assets/release-desk.css");
    assertThat(styles.statusCode()).isEqualTo(200);
    assertThat(styles.body())
        .contains("url(release-desk-mark.svg)", "url(release-desk-logo.svg)", ".ce-eol-banner");
    for (String logo : new String[] {"release-desk-mark.svg", "release-desk-logo.svg"}) {
      var answer = get("/camunda/assets/" + logo);
      assertThat(answer.statusCode()).as(logo).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type")).as(logo).hasValue("image/svg+xml");
      assertThat(answer.body()).as(logo).contains("aria-label=\"Release Desk\"");
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
