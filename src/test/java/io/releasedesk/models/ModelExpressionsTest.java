package io.releasedesk.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasedesk.release.ReleaseProcess.Groups;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.DemoCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.el.JuelExpressionManager;
import org.camunda.bpm.engine.impl.el.StartProcessVariableScope;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
 * A process owner deploys models, not code: whatever a model tries to run is refused with 400 and a message naming
 * it, nothing is deployed and nothing runs, through each door that deploys (the engine REST API as Camunda Modeler
 * uses it, Java, and {@link ModelDeployer} at start-up). paula is a process owner; admin an administrator.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ModelExpressionsTest {

  static final String DEPLOYMENT_NAME = "process-owner-model";
  static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  /** A file that an expression running a command would create. */
  static final Path RAN =
      Path.of(
          System.getProperty("java.io.tmpdir"),
          "release-desk-model-ran-" + ProcessHandle.current().pid());

  @TempDir Path temp;

  @Autowired TestRestTemplate rest;
  @Autowired RepositoryService repositoryService;
  @Autowired IdentityService identityService;
  @Autowired ProcessEngine processEngine;

  @AfterEach
  void removeDeployments() {
    repositoryService
        .createDeploymentQuery()
        .deploymentName(DEPLOYMENT_NAME)
        .list()
        .forEach(deployment -> repositoryService.deleteDeployment(deployment.getId(), true));
  }

  /** What a process owner might try; each with the words the refusal must contain. */
  enum Attempt {
    OS_COMMAND_IN_A_TIMER_START(
        "evil.bpmn",
        timerStart(
            "${''.getClass().forName('java.lang.Runtime')"
                + ".getMethod('getRuntime').invoke(null).exec('touch "
                + RAN
                + "') == null ? 'R1/PT1H' : 'R1/PT1H'}"),
        "calls a method or function"),
    JOINING_THE_ADMINISTRATORS_IN_A_TIMER_START(
        "evil.bpmn",
        timerStart(
            "${identityService.createMembership('paula', 'camunda-admin') == null ? 'R1/PT1H' : 'R1/PT1H'}"),
        "calls a method or function"),
    READING_THE_ENGINE_IN_A_TIMER_START(
        "evil.bpmn",
        timerStart("${execution.processEngineServices.identityService}"),
        "uses the engine's 'execution' beyond"),
    SCRIPT_TASK(
        "evil.bpmn",
        process(
            """
        <startEvent id="Start"/>
        <scriptTask id="Task_Touch" scriptFormat="javascript"><script>java.lang.Runtime.getRuntime().exec('touch x')
        </script></scriptTask>"""),
        "Task_Touch scriptTask: script tasks run code"),
    JAVA_CLASS(
        "evil.bpmn",
        process(
            """
        <startEvent id="Start"/>
        <serviceTask id="Task_Class" camunda:class="io.releasedesk.release.RecordCancellation"/>"""),
        "Task_Class camunda:class: Java classes are not instantiated from models"),
    METHOD_EXPRESSION(
        "evil.bpmn",
        process(
            """
        <startEvent id="Start"/>
        <serviceTask id="Task_Method" camunda:expression="${identityService.deleteUser('rita')}"/>"""),
        "Task_Method camunda:expression: method expressions run code"),
    BEAN_THAT_IS_NO_DELEGATE(
        "evil.bpmn",
        process(
            """
        <startEvent id="Start"/>
        <serviceTask id="Task_Bean" camunda:delegateExpression="${identityService}"/>"""),
        "'identityService' is not one of Release Desk's delegate beans"),
    DECISION_IN_JUEL(
        "evil.dmn",
        """
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_Evil" name="Evil"
            namespace="https://releasedesk.io/evil">
          <decision id="evil" name="Evil">
            <decisionTable id="Table_Evil">
              <input id="Input_Evil"><inputExpression id="Expression_Evil" typeRef="string" expressionLanguage="juel">
                <text>${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null)}</text>
              </inputExpression></input>
              <output id="Output_Evil" name="o" typeRef="string"/>
            </decisionTable>
          </decision>
        </definitions>""",
        "decisions are evaluated in FEEL only, not 'juel'"),
    HTML_FORM(
        "embedded-form.html",
        "<form><script>fetch('/camunda/api/admin/')</script></form>",
        "only BPMN and DMN models, Camunda Forms (.form) and PNG pictures are deployed");

    final String resource;
    final String content;
    final String refusal;

    Attempt(String resource, String content, String refusal) {
      this.resource = resource;
      this.content = content;
      this.refusal = refusal;
    }
  }

  @ParameterizedTest
  @EnumSource(Attempt.class)
  void aModelThatWouldRunCodeIsRefusedAndNothingRuns(Attempt attempt) {
    var answer = deploy("paula", attempt.resource, attempt.content);

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getBody().get("type")).isEqualTo(RefusedModelException.class.getSimpleName());
    assertThat(answer.getBody().get("message"))
        .asString()
        .startsWith(
            "Release Desk does not deploy "
                + attempt.resource
                + ", because models may not run code")
        .contains(attempt.refusal);
    assertThat(repositoryService.createDeploymentQuery().deploymentName(DEPLOYMENT_NAME).count())
        .isZero();
    assertThat(RAN).doesNotExist();
    assertThat(
            identityService
                .createUserQuery()
                .userId("paula")
                .memberOfGroup(Groups.CAMUNDA_ADMIN)
                .count())
        .isZero();
  }

  @Test
  void administratorsAreRefusedToo() {
    var answer = deploy("admin", "evil.bpmn", Attempt.JAVA_CLASS.content);

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(repositoryService.createDeploymentQuery().deploymentName(DEPLOYMENT_NAME).count())
        .isZero();
  }

  @Test
  void aModelThatRunsDelegatesAndReadsVariablesDeploys() {
    var answer =
        deploy(
            "paula",
            "good.bpmn",
            process(
                """
        <startEvent id="Start"/>
        <sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Gateway"/>
        <exclusiveGateway id="Gateway"/>
        <sequenceFlow id="Flow_2" sourceRef="Gateway" targetRef="Task_Record">
          <conditionExpression xsi:type="tFormalExpression">${cancellationReason != null &amp;&amp; !empty cancellationReason}</conditionExpression>
        </sequenceFlow>
        <sequenceFlow id="Flow_3" sourceRef="Gateway" targetRef="End">
          <conditionExpression xsi:type="tFormalExpression">${empty cancellationReason}</conditionExpression>
        </sequenceFlow>
        <serviceTask id="Task_Record" camunda:delegateExpression="${recordCancellation}">
          <extensionElements><camunda:inputOutput>
            <camunda:inputParameter name="releaseKey">${execution.processBusinessKey}</camunda:inputParameter>
          </camunda:inputOutput></extensionElements>
        </serviceTask>
        <sequenceFlow id="Flow_4" sourceRef="Task_Record" targetRef="End"/>
        <endEvent id="End"/>"""));

    assertThat(answer.getStatusCode())
        .as(String.valueOf(answer.getBody()))
        .isEqualTo(HttpStatus.OK);
    assertThat(
            repositoryService
                .createProcessDefinitionQuery()
                .processDefinitionKey("process-owner-model")
                .count())
        .isOne();
  }

  @Test
  void theJavaApiRefusesTheSameModels() {
    assertThatThrownBy(
            () ->
                repositoryService
                    .createDeployment()
                    .name(DEPLOYMENT_NAME)
                    .addString("evil.bpmn", Attempt.OS_COMMAND_IN_A_TIMER_START.content)
                    .deploy())
        .isInstanceOf(RefusedModelException.class)
        .hasMessageContaining("calls a method or function");

    assertThat(repositoryService.createDeploymentQuery().deploymentName(DEPLOYMENT_NAME).count())
        .isZero();
    assertThat(RAN).doesNotExist();
  }

  @Test
  void theStartUpDeploymentRefusesTheSameModels() throws IOException {
    Path processes = Files.createDirectories(temp.resolve("processes"));
    Path forms = Files.createDirectories(temp.resolve("forms"));
    Files.writeString(
        processes.resolve("evil.bpmn"),
        Attempt.JOINING_THE_ADMINISTRATORS_IN_A_TIMER_START.content,
        StandardCharsets.UTF_8);
    var deployer =
        new ModelDeployer(
            repositoryService,
            new ModelProperties(processes.toUri() + "/", forms.toUri() + "/"),
            DemoCatalog.load());

    assertThatThrownBy(deployer::deploy)
        .isInstanceOf(RefusedModelException.class)
        .hasMessageContaining("Release Desk does not deploy evil.bpmn");
    assertThat(repositoryService.createDeploymentQuery().deploymentName("evil").count()).isZero();
    assertThat(
            identityService
                .createUserQuery()
                .userId("paula")
                .memberOfGroup(Groups.CAMUNDA_ADMIN)
                .count())
        .isZero();
  }

  @Test
  void expressionsResolveTheDelegatesAndNoOtherBean() {
    var configuration =
        (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
    var expressions = (JuelExpressionManager) configuration.getExpressionManager();
    ELContext context = expressions.getElContext(StartProcessVariableScope.getSharedInstance());

    assertThat(context.getELResolver().getValue(context, null, "recordCancellation")).isNotNull();
    assertThat(context.isPropertyResolved()).isTrue();
    context.setPropertyResolved(false);
    assertThat(context.getELResolver().getValue(context, null, "identityService")).isNull();
    assertThat(context.isPropertyResolved())
        .as("identityService is no name an expression knows")
        .isFalse();
  }

  private ResponseEntity<Map<String, Object>> deploy(String user, String resource, String content) {
    var file = new HttpHeaders();
    file.setContentDispositionFormData("data", resource);
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
    return process(
        """
        <startEvent id="Start"><timerEventDefinition><timeCycle xsi:type="tFormalExpression">%s</timeCycle>
        </timerEventDefinition></startEvent>"""
            .formatted(timeCycle));
  }

  private static String process(String elements) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="https://releasedesk.io/t"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <process id="process-owner-model" isExecutable="true" camunda:historyTimeToLive="P1D">
        %s
          </process>
        </definitions>"""
        .formatted(elements);
  }
}
