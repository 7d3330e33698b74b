package io.releasedesk.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Set;
import java.util.function.Predicate;
import org.camunda.bpm.impl.juel.ExpressionFactoryImpl;
import org.camunda.bpm.impl.juel.SimpleContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expressions are read as the engine reads them: string literals with braces or quotes, escapes, deferred syntax,
 * whitespace and nesting do not hide a call or a property, and do not make a plain expression look like one.
 */
class PlainExpressionsTest {

  static final Predicate<String> DELEGATES = Set.of("deployToEnvironment")::contains;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "${status == '}'}",
        "${status == \"}\" && note != '{'}",
        "${status == 'it\\'s' || status == \"say \\\"no\\\"\"}",
        "${note == '${x.getClass()}'}",
        "\\${x.getClass()} is shown as it is",
        "costs \\#{fn:price()} in ${currency}",
        "#{qaResult == 'pass'}",
        "#{decisionResult[0].riskLevel}",
        "${((a + 1) * (b - (c / 2))) > 0}",
        "${empty x}",
        "${not empty x and !(y)}",
        "${a ? (b ? 'one' : 'two') : c ? 3 : 4}",
        "${a\n  .\tb  [ 0 ] == -1}",
        "${größe > 1 && $price >= 2}",
        "${a.b}${c}-${d}",
        "${execution .processBusinessKey}"
      })
  void plainExpressionsAreAllowedHoweverTheyAreWritten(String text) {
    assertThat(PlainExpressions.refusal(text, DELEGATES)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "${a.b ()}                          | a.b()' calls a method or function",
        "${a.b\\n(\\n)}                     | calls a method or function",
        "${(a).b()}                         | calls a method or function",
        "${a[0](1)}                         | calls a method or function",
        "${a['b']()}                        | calls a method or function",
        "${x == '}' ? a.getClass() : 1}     | calls a method or function",
        "${'{' == a or fn:f(x)}             | calls a method or function",
        "#{x.y()}                           | calls a method or function",
        "text ${ok} then #{x.y()}           | syntax error",
        "\\${plain} ${a.getClass()}          | calls a method or function",
        "$${a.getClass()}                   | calls a method or function",
        "${a['class']}                      | uses '[' with something other than a number",
        "${a[b]}                            | uses '[' with something other than a number",
        "${a[0 + 1]}                        | uses '[' with something other than a number",
        "${a[-1]}                           | uses '[' with something other than a number",
        "${a[0].class}                      | reads 'class'",
        "${a . class}                       | reads 'class'",
        "${class}                           | reads 'class'",
        "${(a ? b : c).d}                   | reads a property of a computed value",
        "${(a)[0]}                          | indexes a computed value",
        "${empty execution}                 | uses the engine's 'execution'",
        "${task.assignee.bytes}             | uses the engine's 'task'",
        "${x ? deployToEnvironment : 1}     | uses the bean 'deployToEnvironment'",
        "${'it\\'s'.bytes}                  | reads a property of a computed value",
        "${'a\\b'}                          | invalid escape sequence",
        "${x = 1}                           | Error parsing '${x = 1}'",
        "${a instanceof b}                  | Error parsing",
        "${{}}                              | Error parsing",
        "${}                                | Error parsing"
      })
  void whatCallsOrReachesFurtherIsRefusedHoweverItIsWritten(String text, String reason) {
    assertThat(PlainExpressions.refusal(text.trim().replace("\\n", "\n"), DELEGATES))
        .get()
        .asString()
        .contains(reason);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "${deployToEnvironment}",
        "#{deployToEnvironment}",
        "  ${ deployToEnvironment }  "
      })
  void aDelegateExpressionIsOneName(String text) {
    assertThat(PlainExpressions.delegateRefusal(text, DELEGATES)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "${deployToEnvironment.properties}    | must be ${beanName}",
        "x${deployToEnvironment}              | must be ${beanName}",
        "${deployToEnvironment}${x}           | must be ${beanName}",
        "${(deployToEnvironment)}             | must be ${beanName}",
        "\\${deployToEnvironment}             | must be ${beanName}",
        "${deployToEnvironment                | Error parsing",
        "${identityService}                   | 'identityService' is not one of Release Desk's delegate beans"
      })
  void aDelegateExpressionIsNothingElse(String text, String reason) {
    assertThat(PlainExpressions.delegateRefusal(text.trim(), DELEGATES))
        .get()
        .asString()
        .contains(reason);
  }

  /** The check reads with the parser settings of the engine's expression factory: it accepts what the engine does. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "${a.b()}",
        "${a.b(1, c)}",
        "${x}#{y}",
        "${a = 1}",
        "${a instanceof b}",
        "${a[0](1)}",
        "\\${a.b()}",
        "${'a\\b'}",
        "${unclosed",
        "#{a ? b : c}"
      })
  void theCheckParsesWhatTheEngineParses(String text) {
    Throwable engine =
        catchThrowable(
            () ->
                new ExpressionFactoryImpl()
                    .createValueExpression(new SimpleContext(), text, Object.class));
    boolean refusedAsUnparsed =
        PlainExpressions.refusal(text, DELEGATES)
            .filter(refusal -> refusal.startsWith("Error parsing"))
            .isPresent();

    assertThat(refusedAsUnparsed)
        .as("refused as unparsed: %s", text)
        .isEqualTo(engine instanceof ELException);
  }

  @Test
  void anEscapedExpressionIsTextToTheEngine() {
    assertThat(
            new ExpressionFactoryImpl()
                .createValueExpression(new SimpleContext(), "\\${a.getClass()}", String.class)
                .getValue(new SimpleContext()))
        .isEqualTo("${a.getClass()}");
    assertThat(PlainExpressions.refusal("\\${a.getClass()}", DELEGATES)).isEmpty();
  }
}
