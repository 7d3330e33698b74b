package io.releasedesk.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasedesk.ReleaseDeskApplication;
import io.releasedesk.support.ApplicationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;

/** Release Desk started the way production starts it: without the demo profile and its known passwords. */
@ApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class StartWithoutDemoTest {

  static final String ADMIN_PASSWORD = "Wq7-unguessable-" + UUID.randomUUID();

  @Test
  void withoutAdministratorCredentialsItRefusesToStartAndSaysWhatToSet(CapturedOutput output) {
    assertThatThrownBy(() -> start(List.of()))
        .hasRootCauseInstanceOf(MissingAdministratorException.class);

    assertThat(output)
        .contains(
            "Release Desk needs its first administrator: RELEASEDESK_ADMIN_USER is not set",
            "Set the environment variables RELEASEDESK_ADMIN_USER",
            "RELEASEDESK_ADMIN_PASSWORD");
  }

  @Test
  void withThemTheAdministratorLogsInAndTheirPasswordIsNeverLogged(CapturedOutput output) {
    try (var app =
        start(
            List.of(
                "--releasedesk.admin.user=ada",
                "--releasedesk.admin.password=" + ADMIN_PASSWORD,
                // the places that see the password: configuration binding, authentication, the
                // identity service
                "--logging.level.org.springframework.boot.context=DEBUG",
                "--logging.level.org.springframework.security=DEBUG",
                "--logging.level.org.camunda.bpm.engine.identity=DEBUG",
                "--logging.level.org.camunda.bpm.engine.cmd=DEBUG",
                "--logging.level.io.releasedesk=DEBUG"))) {
      var rest = new TestRestTemplate().withBasicAuth("ada", ADMIN_PASSWORD);
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();

      assertThat(
              rest.getForEntity(
                  "http://localhost:" + port + "/engine-rest/user?maxResults=10", String.class))
          .satisfies(answer -> assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK))
          .satisfies(
              answer ->
                  assertThat(answer.getBody()).contains("\"id\":\"ada\"").doesNotContain("rita"));
      assertThat(
              app.getBean(IdentityService.class)
                  .createUserQuery()
                  .memberOfGroup("camunda-admin")
                  .list())
          .extracting(user -> user.getId())
          .containsExactly("ada");
    }
    assertThat(output).contains("Created the administrator ada").doesNotContain(ADMIN_PASSWORD);
  }

  private static ConfigurableApplicationContext start(List<String> arguments) {
    var args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:start-"
                    + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=-1",
                "--releasedesk.deployment.environments.staging.health-url=https://staging.example.com/health",
                "--releasedesk.deployment.environments.production.health-url=https://www.example.com/health",
                "--camunda.bpm.job-execution.enabled=false"));
    args.addAll(arguments);
    return new SpringApplicationBuilder(ReleaseDeskApplication.class)
        .run(args.toArray(String[]::new));
  }
}
