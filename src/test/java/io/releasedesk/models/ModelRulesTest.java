package io.releasedesk.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which expressions and elements a deployed model may contain; the models in processes/ follow the rules. */
class ModelRulesTest {

  static final Predicate<String> DELEGATES =
      Set.of("deployToEnvironment", "fourEyesApproval")::contains;

  static Stream<Path> models() throws IOException {
    try (var files = Files.list(Path.of("processes"))) {
      return files
          .filter(file -> file.toString().endsWith(".bpmn") || file.toString().endsWith(".dmn"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void releaseDesksOwnModelsFollowTheRules(Path model) throws IOException {
    var delegates =
        Set.of(
            "deployToEnvironment",
            "verifyHealth",
            "rollBackDeployment",
            "validateManualDeploymentResult",
            "validateReleaseRequest",
            "askTeamsAfresh",
            "cutReleaseCandidate",
            "approveAutomatically",
            "fourEyesApproval",
            "offerTheOtherCabApproval",
            "compileReleaseNotes",
            "recordCancellation",
            "freeReleaseKey",
            "proposeNextVersion",
            "draftReleaseNotes",
            "tagRelease",
            "checkDependencies",
            "waiveDependencies",
            "announceVersionInProduction",
            "checkFreezeWindows",
            "recordManualVerification",
            "emergencyExceptionApproval",
            "notify",
            "setDueDates",
            "warnOfFreezeOnTargetDate",
            "recordQualityGateOverride",
            "showOpenActionItems",
            "recordUnhealthyProduction",
            "incidentReports",
            "recordRollback",
            "checkActionItems",
            "startImprovementActions",
            "previewRisk",
            "describeDeployment",
            "tellTimeline",
            "freezeEvidencePack");

    assertThat(
            ModelRules.problems(
                model.getFileName().toString(), Files.readAllBytes(model), delegates::contains))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "${qaResult == 'pass'}",
        "#{execution.processBusinessKey}",
        "${!healthy}",
        "${developmentReadiness == 'ready' && (qaReadiness eq 'ready' or not empty x)}",
        "${null}",
        "${'staging'}",
        "${decisionResult[0].riskLevel}",
        "${a[ 1 ][2].b}",
        "${defectsFound > 2 ? 'many' : 'few'}",
        "release-${service}",
        "${a + 1.5e3 - b * 2 / c % 3}",
        "${task.assignee}",
        "plain text"
      })
  void plainExpressionsAreAllowed(String expression) {
    assertThat(PlainExpressions.refusal(expression, DELEGATES)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "${''.getClass().forName('java.lang.Runtime')}                        | calls a method or function",
        "${execution.getVariable('x')}                                        | calls a method or function",
        "${x.class.classLoader}                                               | reads 'class'",
        "${map['key']}                                                        | uses '['",
        "${'abc'[0]}                                                          | indexes a computed value",
        "${execution[0]}                                                      | uses the engine's 'execution'",
        "${fn:toUpper(x)}                                                     | calls a method or function",
        "${execution.processEngineServices.identityService}                   | uses the engine's 'execution'",
        "${execution}                                                         | uses the engine's 'execution'",
        "${variableContext.resolve}                                           | uses the engine's 'variableContext'",
        "${deployToEnvironment.properties}                                    | uses the bean 'deployToEnvironment'",
        "${(x).y}                                                             | reads a property of a computed value",
        "${'a'.bytes}                                                         | reads a property of a computed value",
        "${x = 1}                                                             | encountered invalid character '='",
        "${(x -> x)(1)}                                                       | encountered '>'",
        "${a; b}                                                              | encountered invalid character ';'",
        "${unclosed                                                           | expected '}'"
      })
  void expressionsThatCallOrReachFurtherAreRefused(String expression, String reason) {
    assertThat(PlainExpressions.refusal(expression.trim(), DELEGATES))
        .get()
        .asString()
        .contains(reason);
  }

  @Test
  void aDelegateExpressionNamesADelegateBean() {
    assertThat(PlainExpressions.delegateRefusal("${deployToEnvironment}", DELEGATES)).isEmpty();
    assertThat(PlainExpressions.delegateRefusal("${identityService}", DELEGATES))
        .get()
        .asString()
        .contains("'identityService' is not one of Release Desk's delegate beans");
    assertThat(PlainExpressions.delegateRefusal("${deployToEnvironment.run()}", DELEGATES))
        .get()
        .asString()
        .contains("must be ${beanName}");
  }

  @Test
  void everyProblemOfAModelIsNamedWithItsElement() {
    String model =
        bpmn(
            """
        <scriptTask id="Task_Script" scriptFormat="javascript"><script>1</script></scriptTask>
        <serviceTask id="Task_Class" camunda:class="java.lang.Object"/>
        <serviceTask id="Task_Method" camunda:expression="${x}"/>
        <serviceTask id="Task_Bean" camunda:delegateExpression="${identityService}"/>
        <sequenceFlow id="Flow_Script" sourceRef="a" targetRef="b">
          <conditionExpression xsi:type="tFormalExpression" language="groovy">true</conditionExpression>
        </sequenceFlow>
        <userTask id="Task_Listener">
          <extensionElements>
            <camunda:taskListener class="java.lang.Object" event="create"/>
            <camunda:inputOutput><camunda:inputParameter name="x">${x.getClass()}</camunda:inputParameter>
            </camunda:inputOutput>
          </extensionElements>
        </userTask>""");

    List<String> problems =
        ModelRules.problems("evil.bpmn", model.getBytes(StandardCharsets.UTF_8), DELEGATES);

    assertThat(problems)
        .hasSize(7)
        .anySatisfy(p -> assertThat(p).startsWith("Task_Script scriptTask: script tasks"))
        .anySatisfy(p -> assertThat(p).startsWith("Task_Class camunda:class: Java classes"))
        .anySatisfy(
            p -> assertThat(p).startsWith("Task_Method camunda:expression: method expressions"))
        .anySatisfy(
            p ->
                assertThat(p).startsWith("Task_Bean camunda:delegateExpression: 'identityService'"))
        .anySatisfy(p -> assertThat(p).startsWith("Flow_Script language: scripts run code"))
        .anySatisfy(p -> assertThat(p).startsWith("Task_Listener class: Java classes"))
        .contains(
            "Task_Listener camunda:inputParameter: 'x.getClass()' calls a method or function");
  }

  @Test
  void aNotificationNamesAMilestoneThereIsAndAReminderItsTask() {
    String model =
        bpmn(
            """
        <intermediateThrowEvent id="Event_Typo"><extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="milestone">aproved</camunda:inputParameter></camunda:inputOutput>
          </extensionElements><messageEventDefinition camunda:delegateExpression="${notify}"/></intermediateThrowEvent>
        <intermediateThrowEvent id="Event_Reminder"><extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="milestone">reminder</camunda:inputParameter></camunda:inputOutput>
          </extensionElements><messageEventDefinition camunda:delegateExpression="${notify}"/></intermediateThrowEvent>
        <intermediateThrowEvent id="Event_Fine"><extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="milestone">escalation</camunda:inputParameter>
          <camunda:inputParameter name="task">Task_PlanRelease</camunda:inputParameter></camunda:inputOutput>
          </extensionElements><messageEventDefinition camunda:delegateExpression="${notify}"/></intermediateThrowEvent>""");

    List<String> problems =
        ModelRules.problems(
            "notify.bpmn", model.getBytes(StandardCharsets.UTF_8), Set.of("notify")::contains);

    assertThat(problems)
        .containsExactly(
            "Event_Typo camunda:inputParameter: 'aproved' is no milestone; notifications announce one of requested, "
                + "planned, approvalNeeded, approved, rejected, deploying, deployed, deploymentFailed, rolledBack, "
                + "cancelled, retrospectiveDue, completed, reminder, escalation",
            "Event_Reminder camunda:inputParameter: a reminder names the user task it is about in the input parameter "
                + "'task'");
  }

  @Test
  void documentationIsNotEvaluatedAndNotChecked() {
    String model =
        bpmn("<task id=\"Task_Doc\"><documentation>Costs ${a.b()}</documentation></task>");

    assertThat(ModelRules.problems("doc.bpmn", model.getBytes(StandardCharsets.UTF_8), DELEGATES))
        .isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "juel, true",
    "javascript, true",
    "feel, false",
    "https://www.omg.org/spec/DMN/20191111/FEEL/, false"
  })
  void decisionsSpeakFeelOnly(String language, boolean refused) {
    String dmn =
        """
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="n">
          <decision id="Decision_Risk" name="Risk">
            <decisionTable id="Table">
              <input id="Input"><inputExpression id="Expr" typeRef="string" expressionLanguage="%s">
                <text>x</text></inputExpression></input>
              <output id="Output" name="o" typeRef="string"/>
            </decisionTable>
          </decision>
        </definitions>"""
            .formatted(language);

    List<String> problems =
        ModelRules.problems("risk.dmn", dmn.getBytes(StandardCharsets.UTF_8), DELEGATES);

    if (refused) {
      assertThat(problems)
          .containsExactly(
              "Expr expressionLanguage: decisions are evaluated in FEEL only, not '"
                  + language
                  + "'");
    } else {
      assertThat(problems).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"form.html", "script.js", "diagram.svg", "case.cmmn", "script.groovy"})
  void aDeploymentHoldsModelsFormsAndPicturesOnly(String resource) {
    assertThat(ModelRules.problems(resource, new byte[0], DELEGATES))
        .singleElement()
        .asString()
        .startsWith(
            "only BPMN and DMN models, Camunda Forms (.form) and PNG pictures are deployed");
  }

  @Test
  void aModelWithADoctypeIsRefused() {
    String model =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
            + bpmn("<task id=\"Task_Entity\" name=\"&e;\"/>");

    assertThat(
            ModelRules.problems("entity.bpmn", model.getBytes(StandardCharsets.UTF_8), DELEGATES))
        .singleElement()
        .asString()
        .startsWith("not a well-formed model");
  }

  private static String bpmn(String elements) {
    return """
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <process id="p" isExecutable="true">
        %s
          </process>
        </definitions>"""
        .formatted(elements);
  }
}
