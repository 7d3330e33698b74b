package io.releasedesk.security;

import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPOSITORY;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.holunda.camunda.bpm.data.Writers;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Groups;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/** What the HTTP layer adds to the engine's rules: CSRF refusals that keep the session, headers, no setup page. */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class HttpHardeningTest {

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired IdentityService identityService;
  @LocalServerPort int port;

  @AfterEach
  void forgetReleases() {
    runtimeService
        .createProcessInstanceQuery()
        .processDefinitionKey(ReleaseProcess.KEY)
        .list()
        .forEach(
            release ->
                runtimeService.deleteProcessInstance(release.getId(), "test over", true, true));
  }

  // --- CSRF
  // -------------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"", "0123456789abcdef0123456789ABCDEF"})
  void aPostWithoutTheRightCsrfTokenIsRefusedAndTheSessionStays(String token) {
    ProcessInstance release = waitingAtVerification();
    String task =
        taskService.createTaskQuery().processInstanceId(release.getId()).singleResult().getId();
    var quinn = TasklistSession.login("http://localhost:" + port, "quinn", "quinn");
    quinn.get("task/count");

    // a page elsewhere makes quinn's browser claim the task: the session cookie goes along, the
    // token does not
    var forged =
        quinn.postWithCsrfToken(
            "task/" + task + "/claim", "{\"userId\":\"quinn\"}", token.isEmpty() ? null : token);

    assertThat(forged.statusCode()).isEqualTo(HttpStatus.FORBIDDEN.value());
    assertThat(forged.body()).contains("CSRF check failed", "X-XSRF-TOKEN");
    assertThat(taskService.createTaskQuery().taskId(task).singleResult().getAssignee()).isNull();
    // quinn is still logged in and works on as before
    assertThat(quinn.get("task/count").statusCode()).isEqualTo(HttpStatus.OK.value());
    assertThat(quinn.post("task/" + task + "/claim", "{\"userId\":\"quinn\"}").statusCode())
        .isEqualTo(HttpStatus.NO_CONTENT.value());
    assertThat(taskService.createTaskQuery().taskId(task).singleResult().getAssignee())
        .isEqualTo("quinn");
  }

  // --- headers
  // ----------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/camunda/app/tasklist/",
        "/camunda/api/engine/engine/default/task/count",
        "/camunda/api/admin/auth/user/default",
        "/engine-rest/task/count",
        "/api/releases/payments@2.4.0",
        "/actuator/health",
        "/no-such-page",
        "/"
      })
  void everyResponseCarriesTheSecurityHeadersOnce(String path) {
    for (var answer :
        List.of(
            rest.getForEntity(path, String.class),
            rest.withBasicAuth("rita", "rita").getForEntity(path, String.class))) {
      HttpHeaders headers = answer.getHeaders();
      assertThat(headers.get("Referrer-Policy"))
          .as(path + " " + answer.getStatusCode())
          .containsExactly("same-origin");
      assertThat(headers.get("X-Frame-Options")).as(path).containsExactly("DENY");
      assertThat(headers.get("X-Content-Type-Options")).as(path).containsExactly("nosniff");
      assertThat(headers.get("Strict-Transport-Security")).as("only over HTTPS").isNull();
    }
  }

  @Test
  void theWebappsKeepTheirOwnContentSecurityPolicy() {
    var tasklist = rest.getForEntity("/camunda/app/tasklist/", String.class);

    assertThat(tasklist.getHeaders().get("Content-Security-Policy"))
        .singleElement()
        .asString()
        .contains("frame-ancestors 'none'");
  }

  // --- Camunda Admin's first-run setup (CVE-2026-77226)
  // -----------------------------------------------------------

  @Test
  void nobodyCreatesAnAdministratorThroughTheSetupPageEvenWithoutDirectAdministrators() {
    // administrators left camunda-admin (say, they are granted through authorizations): the case
    // Camunda misjudges
    identityService.deleteMembership("admin", Groups.CAMUNDA_ADMIN);
    try {
      var user =
          Map.of(
              "profile",
              Map.of("id", "mallory", "firstName", "M", "lastName", "X", "email", "m@x.org"),
              "credentials",
              Map.of("password", "mallory-pw-1"));

      ResponseEntity<String> anonymous =
          rest.postForEntity("/camunda/api/admin/setup/default/user/create", user, String.class);
      ResponseEntity<String> withCredentials =
          rest.withBasicAuth("admin", "admin")
              .exchange(
                  "/camunda/api/admin/setup/default/user/create",
                  HttpMethod.POST,
                  new org.springframework.http.HttpEntity<>(user),
                  String.class);

      assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(anonymous.getBody()).contains("first-run setup is off");
      assertThat(withCredentials.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(identityService.createUserQuery().userId("mallory").count()).isZero();
    } finally {
      identityService.createMembership("admin", Groups.CAMUNDA_ADMIN);
    }
  }

  private ProcessInstance waitingAtVerification() {
    return runtimeService
        .createProcessInstanceByKey(ReleaseProcess.KEY)
        .setVariables(io.releasedesk.reminders.Reminders.dueDateVariables())
        .businessKey("payments@2.4.0")
        .startBeforeActivity(TASK_VERIFY_RELEASE_CANDIDATE)
        .setVariables(
            Writers.C7
                .builder()
                .set(SERVICE, "payments")
                .set(REPOSITORY, "https://git.example.com/payments.git")
                .set(VERSION, "2.4.0")
                .set(TARGET_DATE, LocalDate.now().plusDays(7).toString())
                .set(RELEASE_TYPE, "regular")
                .set(SCOPE_SUMMARY, "CSRF")
                .set(HAS_DATABASE_MIGRATIONS, false)
                .set(CUSTOMER_FACING, false)
                .set(REQUESTED_BY, "rita")
                .set(APPROVED_BY, "")
                .build())
        .execute();
  }
}
