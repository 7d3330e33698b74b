package io.releasedesk.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.camunda.bpm.impl.juel.AstBinary;
import org.camunda.bpm.impl.juel.AstBoolean;
import org.camunda.bpm.impl.juel.AstBracket;
import org.camunda.bpm.impl.juel.AstChoice;
import org.camunda.bpm.impl.juel.AstComposite;
import org.camunda.bpm.impl.juel.AstDot;
import org.camunda.bpm.impl.juel.AstEval;
import org.camunda.bpm.impl.juel.AstFunction;
import org.camunda.bpm.impl.juel.AstIdentifier;
import org.camunda.bpm.impl.juel.AstMethod;
import org.camunda.bpm.impl.juel.AstNested;
import org.camunda.bpm.impl.juel.AstNode;
import org.camunda.bpm.impl.juel.AstNull;
import org.camunda.bpm.impl.juel.AstNumber;
import org.camunda.bpm.impl.juel.AstString;
import org.camunda.bpm.impl.juel.AstText;
import org.camunda.bpm.impl.juel.AstUnary;
import org.camunda.bpm.impl.juel.Builder;
import org.camunda.bpm.impl.juel.Node;
import org.camunda.bpm.impl.juel.TreeBuilderException;

/**
 * The expressions a deployed model may contain: plain references to variables and comparisons or logic of variables
 * and literals, such as {@code ${qaResult == 'pass'}} or {@code ${healthy && !rolledBack}}. They read values and
 * call nothing:
 *
 * <ul>
 *   <li>no method or function calls ({@code a.b()}, {@code fn:x()}), no brackets but a number ({@code a['b']} could
 *       name any property);
 *   <li>a property chain reads a variable's properties and list items ({@code decisionResult[0].riskLevel}), never
 *       {@code class};
 *   <li>the engine's own objects ({@code execution}, {@code task}) only through a few harmless properties such as
 *       {@code execution.processBusinessKey};
 *   <li>a bean only where the model names a delegate: a {@code delegateExpression} of exactly {@code ${beanName}}.
 * </ul>
 *
 * <p>A text is read by the engine's own expression parser (JUEL), as the engine reads it when it evaluates the
 * expression, and its syntax tree is checked node by node: what is not named here as allowed is refused. A text the
 * parser does not read is refused with the parser's message.
 */
final class PlainExpressions {

  /** The engine's objects an expression can name, with the properties a model may read of them. */
  static final Map<String, Set<String>> ENGINE_OBJECTS =
      Map.of(
          "execution",
              Set.of(
                  "id",
                  "processInstanceId",
                  "processBusinessKey",
                  "businessKey",
                  "processDefinitionId",
                  "currentActivityId",
                  "currentActivityName",
                  "activityInstanceId",
                  "eventName",
                  "tenantId"),
          "task",
              Set.of(
                  "id",
                  "name",
                  "assignee",
                  "owner",
                  "taskDefinitionKey",
                  "processInstanceId",
                  "executionId",
                  "eventName",
                  "priority",
                  "dueDate",
                  "followUpDate",
                  "tenantId"),
          "caseExecution", Set.of(),
          "externalTask", Set.of(),
          "variableContext", Set.of());

  /** The parser with the features of the engine's expression factory (JEE6 profile: method calls, varargs). */
  private static final Builder PARSER =
      new Builder(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS);

  private PlainExpressions() {}

  /** Whether the text holds an expression at all ({@code ${...}} or {@code #{...}}). */
  static boolean hasExpression(String text) {
    return text.contains("${") || text.contains("#{");
  }

  /**
   * Why the text (which may mix literal text and expressions) is refused, or empty if every expression in it is
   * plain. {@code isBean} tells which names the expression manager would resolve to beans.
   */
  static Optional<String> refusal(String text, Predicate<String> isBean) {
    AstNode root;
    try {
      root = (AstNode) PARSER.build(text).getRoot();
    } catch (TreeBuilderException e) {
      return Optional.of(e.getMessage());
    }
    return refusalOfText(root, isBean);
  }

  /** Why a delegate expression is refused: it must be exactly {@code ${beanName}} naming a delegate bean. */
  static Optional<String> delegateRefusal(String text, Predicate<String> isDelegate) {
    AstNode root;
    try {
      root = (AstNode) PARSER.build(text.trim()).getRoot();
    } catch (TreeBuilderException e) {
      return Optional.of(e.getMessage());
    }
    if (!(root instanceof AstEval eval && eval.getChild(0) instanceof AstIdentifier identifier)) {
      return Optional.of("a delegate expression must be ${beanName}, not '" + text + "'");
    }
    if (!isDelegate.test(identifier.getName())) {
      return Optional.of(
          "'" + identifier.getName() + "' is not one of Release Desk's delegate beans");
    }
    return Optional.empty();
  }

  /** Checks literal text and the expressions in it. */
  private static Optional<String> refusalOfText(AstNode node, Predicate<String> isBean) {
    if (node instanceof AstText) {
      return Optional.empty();
    }
    if (node instanceof AstEval eval) {
      return new Check(structure(eval.getChild(0)), isBean).refusal(eval.getChild(0));
    }
    if (node instanceof AstComposite) {
      return firstRefusal(node, child -> refusalOfText(child, isBean));
    }
    return Optional.of("'" + structure(node) + "' is neither text nor an expression");
  }

  private static Optional<String> firstRefusal(
      Node node, Function<AstNode, Optional<String>> check) {
    for (int i = 0; i < node.getCardinality(); i++) {
      Optional<String> refusal = check.apply((AstNode) node.getChild(i));
      if (refusal.isPresent()) {
        return refusal;
      }
    }
    return Optional.empty();
  }

  private static String structure(AstNode node) {
    var text = new StringBuilder();
    node.appendStructure(text, null);
    return text.toString();
  }

  /** The check of one expression ({@code ${...}}); {@code expression} is its text, for the messages. */
  private record Check(String expression, Predicate<String> isBean) {

    Optional<String> refusal(AstNode node) {
      if (node instanceof AstString
          || node instanceof AstNumber
          || node instanceof AstBoolean
          || node instanceof AstNull) {
        return Optional.empty();
      }
      if (node instanceof AstUnary
          || node instanceof AstBinary
          || node instanceof AstChoice
          || node instanceof AstNested) {
        return firstRefusal(node, this::refusal);
      }
      if (node instanceof AstMethod || node instanceof AstFunction) {
        return refuse("calls a method or function");
      }
      if (node instanceof AstIdentifier identifier) {
        return nameRefusal(identifier.getName(), List.of());
      }
      if (node instanceof AstDot || node instanceof AstBracket) {
        return propertyRefusal(node);
      }
      return refuse(
          "uses '"
              + structure(node)
              + "'; only names, literals, comparisons and logic are allowed");
    }

    /**
     * Checks a property chain such as {@code decisionResult[0].riskLevel}: dots with names and brackets with numbers,
     * read of a name.
     */
    private Optional<String> propertyRefusal(AstNode property) {
      var steps = new ArrayList<String>();
      AstNode node = property;
      while (node instanceof AstDot || node instanceof AstBracket) {
        AstNode prefix = (AstNode) node.getChild(0);
        boolean computed =
            !(prefix instanceof AstDot
                || prefix instanceof AstBracket
                || prefix instanceof AstIdentifier);
        if (node instanceof AstBracket) {
          if (!(node.getChild(1) instanceof AstNumber)) {
            return refuse("uses '[' with something other than a number");
          }
          if (computed) {
            return refuse("indexes a computed value");
          }
          steps.add(0, "[" + structure((AstNode) node.getChild(1)) + "]");
        } else {
          String name = dotProperty((AstDot) node);
          if (name == null) {
            return refuse("reads a property that is not a name");
          }
          if (name.equals("class")) {
            return refuse("reads 'class'");
          }
          if (computed) {
            return refuse("reads a property of a computed value");
          }
          steps.add(0, name);
        }
        node = prefix;
      }
      return nameRefusal(((AstIdentifier) node).getName(), steps);
    }

    /** Checks the name an expression reads, with the steps of the property chain read of it (none if alone). */
    private Optional<String> nameRefusal(String name, List<String> steps) {
      if (name.equals("class")) {
        return refuse("reads 'class'");
      }
      if (ENGINE_OBJECTS.containsKey(name)) {
        Set<String> allowed = ENGINE_OBJECTS.get(name);
        if (steps.size() != 1 || !allowed.contains(steps.get(0))) {
          return refuse(
              "uses the engine's '"
                  + name
                  + "' beyond "
                  + (allowed.isEmpty() ? "nothing" : "its properties " + new TreeSet<>(allowed)));
        }
      } else if (isBean.test(name)) {
        return refuse("uses the bean '" + name + "' outside a delegate expression");
      }
      return Optional.empty();
    }

    /**
     * The name after the dot, or null if it cannot be told: the parser keeps it in a field that its
     * {@code toString()} shows as {@code ". name"}.
     */
    private static String dotProperty(AstDot dot) {
      String shown = dot.toString();
      return shown.startsWith(". ") ? shown.substring(2) : null;
    }

    private Optional<String> refuse(String reason) {
      return Optional.of("'" + expression + "' " + reason);
    }
  }
}
