package io.releasedesk.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine reads an element's text as all its character data joined, skipping comments and child elements; the
 * check reads it the same way, so an expression split into pieces is seen whole.
 */
class ModelTextTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$<!-- -->{x.getClass()}",
        "<![CDATA[$]]>{x.getClass()}",
        "$<?pi?>{x.getClass()}",
        "${x.<!-- -->getClass()}",
        "$<camunda:x/>{x.getClass()}",
        "&#36;&#x7b;x.getClass()}"
      })
  void anExpressionSplitByCommentsOrElementsIsCheckedWhole(String condition) {
    String model =
        """
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <process id="p" isExecutable="true">
            <sequenceFlow id="Flow_Split" sourceRef="a" targetRef="b">
              <conditionExpression xsi:type="tFormalExpression">%s</conditionExpression>
            </sequenceFlow>
          </process>
        </definitions>"""
            .formatted(condition);

    assertThat(
            ModelRules.problems(
                "split.bpmn", model.getBytes(StandardCharsets.UTF_8), Set.of()::contains))
        .containsExactly(
            "Flow_Split conditionExpression: 'x.getClass()' calls a method or function");
  }
}
