package io.releasedesk.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasedesk.support.ApplicationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;

/**
 * The engine joins an element's text around comments, CDATA sections and child elements before it evaluates it, so
 * the deployment check reads it joined too: a timer start whose expression is split by a comment is refused through
 * each door that deploys (the engine REST API as Camunda Modeler uses it, and Java), and nothing runs. paula is a
 * process owner.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ModelTextThroughTheEngineTest {

  static final String DEPLOYMENT_NAME = "split-text-model";
  static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};
  static final Path RAN =
      Path.of(
          System.getProperty("java.io.tmpdir"),
          "release-desk-split-text-ran-" + ProcessHandle.current().pid());

  /** The command, split where a check reading one text node at a time would not see an expression. */
  static final String SPLIT_COMMAND =
      "$<!-- -->{''.getClass().forName('java.lang.Runtime').getMethod('getRuntime')"
          + ".invoke(null).exec('touch "
          + RAN
          + "') == null ? 'R1/PT1H' : 'R1/PT1H'}";

  @Autowired TestRestTemplate rest;
  @Autowired RepositoryService repositoryService;
  @Autowired ManagementService managementService;

  @AfterEach
  void removeDeployments() {
    repositoryService
        .createDeploymentQuery()
        .deploymentName(DEPLOYMENT_NAME)
        .list()
        .forEach(deployment -> repositoryService.deleteDeployment(deployment.getId(), true));
  }

  enum Door {
    ENGINE_REST_API,
    JAVA_API
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void anExpressionSplitByACommentIsRefusedAndNothingRuns(Door door) {
    String model = timerStart(SPLIT_COMMAND);

    if (door == Door.ENGINE_REST_API) {
      var answer = deploy("paula", model);
      assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(answer.getBody().get("message"))
          .asString()
          .startsWith("Release Desk does not deploy split.bpmn, because models may not run code")
          .contains("calls a method or function");
    } else {
      assertThatThrownBy(
              () ->
                  repositoryService
                      .createDeployment()
                      .name(DEPLOYMENT_NAME)
                      .addString("split.bpmn", model)
                      .deploy())
          .isInstanceOf(RefusedModelException.class)
          .hasMessageContaining("calls a method or function");
    }

    assertThat(repositoryService.createDeploymentQuery().deploymentName(DEPLOYMENT_NAME).count())
        .isZero();
    assertThat(RAN).doesNotExist();
  }

  /** Why the check joins the text: the engine evaluates the split expression as one. */
  @Test
  void theEngineEvaluatesTheJoinedText() {
    var answer = deploy("paula", timerStart("$<!-- -->{true <![CDATA[?]]> 'R1/PT1H' : 'never'}"));

    assertThat(answer.getStatusCode())
        .as(String.valueOf(answer.getBody()))
        .isEqualTo(HttpStatus.OK);
    var definition =
        repositoryService
            .createProcessDefinitionQuery()
            .processDefinitionKey("split-text-model")
            .singleResult();
    assertThat(
            managementService
                .createJobQuery()
                .processDefinitionId(definition.getId())
                .timers()
                .count())
        .isOne();
  }

  private ResponseEntity<Map<String, Object>> deploy(String user, String content) {
    var file = new HttpHeaders();
    file.setContentDispositionFormData("data", "split.bpmn");
    file.setContentType(MediaType.APPLICATION_OCTET_STREAM);
    var parts = new LinkedMultiValueMap<String, Object>();
    parts.add("deployment-name", DEPLOYMENT_NAME);
    parts.add("data", new HttpEntity<>(content.getBytes(StandardCharsets.UTF_8), file));
    var headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return rest.withBasicAuth(user, user)
        .exchange(
            "/engine-rest/deployment/create",
            HttpMethod.POST,
            new HttpEntity<>(parts, headers),
            JSON);
  }

  private static String timerStart(String timeCycle) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="https://releasedesk.io/t"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <process id="split-text-model" isExecutable="true" camunda:historyTimeToLive="P1D">
            <startEvent id="Start"><timerEventDefinition><timeCycle xsi:type="tFormalExpression">%s</timeCycle>
            </timerEventDefinition></startEvent>
          </process>
        </definitions>"""
        .formatted(timeCycle);
  }
}
