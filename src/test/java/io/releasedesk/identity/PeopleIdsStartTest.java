package io.releasedesk.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasedesk.ReleaseDeskApplication;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/**
 * People with the ids organisations give them: an administrator {@code ops-admin} from the environment, users such as
 * {@code first.last} created in Admin or over the engine REST API; an id that could break a path is refused in words.
 */
@ApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class PeopleIdsStartTest {

  static final String ADMIN_PASSWORD = "Wq7-unguessable-" + UUID.randomUUID();

  @Test
  void anAdministratorCalledOpsAdminStartsReleaseDeskAndLogsIn() {
    try (var app = start("ops-admin")) {
      String base =
          "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();

      // then: ops-admin logs in to the webapps and to the API
      TasklistSession.loginTo("admin", base, "ops-admin", ADMIN_PASSWORD);
      var answer =
          new TestRestTemplate()
              .withBasicAuth("ops-admin", ADMIN_PASSWORD)
              .getForEntity(base + "/engine-rest/user?maxResults=10", String.class);
      assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(answer.getBody()).contains("\"id\":\"ops-admin\"");
    }
  }

  @Test
  void anAdministratorIdThatCouldBreakAPathStopsTheStartWithOneSentenceAndNoStackTrace(
      CapturedOutput output) {
    assertThatThrownBy(() -> start("ops/admin"))
        .hasRootCauseInstanceOf(InvalidAdministratorIdException.class);

    assertThat(output)
        .contains(
            "RELEASEDESK_ADMIN_USER 'ops/admin' is not a user id Release Desk accepts: an id has letters, "
                + "digits and the characters . - _ @, begins with a letter or digit, has no two dots in a row and no dot "
                + "at the end, and is at most 64 characters long.")
        .contains(
            "Set RELEASEDESK_ADMIN_USER to an id such as ops-admin, first.last or name@example.com.")
        .doesNotContain("\tat io.releasedesk.identity.InitialAdministrator");
  }

  @Test
  void usersWithDotsHyphensAndAtSignsAreCreatedInAdminAndOverRestAndBadIdsAreRefusedInWords() {
    try (var app = start("ops-admin")) {
      String base =
          "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
      var rest = new TestRestTemplate().withBasicAuth("ops-admin", ADMIN_PASSWORD);
      var admin = TasklistSession.loginTo("admin", base, "ops-admin", ADMIN_PASSWORD);

      // when: the administrator adds first.last over the engine REST API and name@example.com in
      // Camunda Admin
      var overRest =
          rest.postForEntity(
              base + "/engine-rest/user/create", newUser("first.last"), String.class);
      var inAdmin =
          admin.post(
              "user/create",
              """
          {"profile": {"id": "name@example.com", "firstName": "Name", "lastName": "Example"},
           "credentials": {"password": "Pw-of-name-1"}}""");

      // then: both exist and log in (to the API: they belong to no group yet, so no webapp is
      // theirs)
      assertThat(overRest.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
      assertThat(inAdmin.statusCode()).isEqualTo(204);
      assertThat(
              new TestRestTemplate()
                  .withBasicAuth("first.last", "Pw-of-first.last-1")
                  .getForEntity(base + "/api/services", String.class)
                  .getStatusCode())
          .isEqualTo(HttpStatus.OK);
      assertThat(
              new TestRestTemplate()
                  .withBasicAuth("name@example.com", "Pw-of-name-1")
                  .getForEntity(base + "/api/services", String.class)
                  .getStatusCode())
          .isEqualTo(HttpStatus.OK);
      var identity = app.getBean(IdentityService.class);
      assertThat(identity.createUserQuery().userIdIn("first.last", "name@example.com").count())
          .isEqualTo(2);

      // and: ids that could break a path are refused with 400 and the rule, through both doors, and
      // nothing is created
      var refusedOverRest =
          rest.postForEntity(base + "/engine-rest/user/create", newUser("../x"), String.class);
      assertThat(refusedOverRest.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refusedOverRest.getBody())
          .contains("User id '../x' is not allowed: an id has letters, digits");
      var refusedInAdmin =
          admin.post(
              "user/create",
              """
          {"profile": {"id": "two words", "firstName": "Two", "lastName": "Words"},
           "credentials": {"password": "Pw-of-two-1"}}""");
      assertThat(refusedInAdmin.statusCode()).isEqualTo(400);
      assertThat(refusedInAdmin.body()).contains("User id 'two words' is not allowed");
      var refusedGroup =
          rest.postForEntity(
              base + "/engine-rest/group/create",
              Map.of("id", "ops/team", "name", "Ops", "type", "WORKFLOW"),
              String.class);
      assertThat(refusedGroup.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refusedGroup.getBody()).contains("Group id 'ops/team' is not allowed");
      assertThat(identity.createUserQuery().userIdIn("../x", "two words").count()).isZero();
      assertThat(identity.createGroupQuery().groupId("ops/team").count()).isZero();
    }
  }

  private static Map<String, Object> newUser(String id) {
    return Map.of(
        "profile",
        Map.of("id", id, "firstName", "First", "lastName", "Last"),
        "credentials",
        Map.of("password", "Pw-of-" + id + "-1"));
  }

  private static ConfigurableApplicationContext start(String administrator) {
    var args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:people-"
                    + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=-1",
                "--releasedesk.deployment.environments.staging.health-url=https://staging.example.com/health",
                "--releasedesk.deployment.environments.production.health-url=https://www.example.com/health",
                "--camunda.bpm.job-execution.enabled=false",
                "--releasedesk.admin.user=" + administrator,
                "--releasedesk.admin.password=" + ADMIN_PASSWORD));
    return new SpringApplicationBuilder(ReleaseDeskApplication.class)
        .run(args.toArray(String[]::new));
  }
}
