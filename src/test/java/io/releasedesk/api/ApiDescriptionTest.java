package io.releasedesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.releasedesk.support.ApplicationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Release Desk's API described as OpenAPI 3 at /api/openapi.json, generated from the controllers, with Swagger UI;
 * both behind the API's authentication.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ApiDescriptionTest {

  @LocalServerPort int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theDescriptionListsEveryPathOfTheApiAndNothingElse() throws Exception {
    var answer = get("/api/openapi.json", "rita");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode description = new ObjectMapper().readTree(answer.body());
    assertThat(description.path("openapi").asText()).startsWith("3.");
    assertThat(description.path("info").path("title").asText()).isEqualTo("Release Desk API");
    Set<String> described = new TreeSet<>();
    description.path("paths").fieldNames().forEachRemaining(described::add);
    // the paths Release Desk's controllers serve under /api, as Spring MVC maps them: what a script
    // can call
    assertThat(described)
        .isEqualTo(apiPaths())
        .contains(
            "/api/releases",
            "/api/releases/{releaseKey}",
            "/api/releases/{releaseKey}/approval",
            "/api/releases/{releaseKey}/cancel",
            "/api/releases/{releaseKey}/notes",
            "/api/services");
    assertThat(
            description.path("paths").path("/api/releases").path("post").path("summary").asText())
        .isEqualTo("Request a release");
    assertThat(
            description
                .path("components")
                .path("securitySchemes")
                .path("basic")
                .path("scheme")
                .asText())
        .isEqualTo("basic");
  }

  @Test
  void withoutCredentialsTheDescriptionAndSwaggerUiAnswer401() throws Exception {
    for (String path :
        new String[] {
          "/api/openapi.json",
          "/api/docs.html",
          "/api/swagger-ui/index.html",
          "/api/openapi.json/swagger-config"
        }) {
      var answer = get(path, null);
      assertThat(answer.statusCode()).as(path).isEqualTo(401);
      assertThat(answer.body()).as(path).doesNotContain("/api/releases");
    }
    assertThat(get("/api/openapi.json", "rita", "wrong password").statusCode()).isEqualTo(401);
  }

  @Test
  void swaggerUiOpensForALoggedInPersonOnTheDescription() throws Exception {
    var docs = get("/api/docs.html", "mona");
    assertThat(docs.statusCode()).isEqualTo(302);
    String page = docs.headers().firstValue("Location").orElseThrow();
    assertThat(URI.create(page).getPath()).isEqualTo("/api/swagger-ui/index.html");

    var index = get(URI.create(page).getPath(), "mona");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("<title>Swagger UI</title>");
    var config = get("/api/openapi.json/swagger-config", "mona");
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.body()).contains("\"url\":\"/api/openapi.json\"");
  }

  private Set<String> apiPaths() {
    return mappings.getHandlerMethods().entrySet().stream()
        .filter(
            mapping ->
                mapping.getValue().getBeanType().getPackageName().startsWith("io.releasedesk"))
        .flatMap(mapping -> mapping.getKey().getPatternValues().stream())
        .filter(path -> path.startsWith("/api/"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    return get(path, user, user);
  }

  private HttpResponse<String> get(String path, String user, String password) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    if (user != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
