package io.releasedesk.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The expressions a deployed model may contain: plain references to variables and comparisons or logic of variables
 * and literals, such as {@code ${qaResult == 'pass'}} or {@code ${healthy && !rolledBack}}. They read values and
 * call nothing:
 *
 * <ul>
 *   <li>no method or function calls ({@code a.b()}, {@code fn:x()}), no lambdas or assignments, no brackets but a
 *       number ({@code a['b']} could name any property);
 *   <li>a property chain reads a variable's properties and list items ({@code decisionResult[0].riskLevel}), never
 *       {@code class};
 *   <li>the engine's own objects ({@code execution}, {@code task}) only through a few harmless properties such as
 *       {@code execution.processBusinessKey};
 *   <li>a bean only where the model names a delegate: a {@code delegateExpression} of exactly {@code ${beanName}}.
 * </ul>
 */
final class PlainExpressions {

  /** The engine's objects an expression can name, with the properties a model may read of them. */
  static final Map<String, Set<String>> ENGINE_OBJECTS = Map.of(
      "execution", Set.of("id", "processInstanceId", "processBusinessKey", "businessKey", "processDefinitionId",
          "currentActivityId", "currentActivityName", "activityInstanceId", "eventName", "tenantId"),
      "task", Set.of("id", "name", "assignee", "owner", "taskDefinitionKey", "processInstanceId", "executionId",
          "eventName", "priority", "dueDate", "followUpDate", "tenantId"),
      "caseExecution", Set.of(),
      "externalTask", Set.of(),
      "variableContext", Set.of());

  private static final Set<String> LITERALS_AND_OPERATORS = Set.of("true", "false", "null", "and", "or", "not",
      "eq", "ne", "lt", "gt", "le", "ge", "div", "mod", "empty");
  private static final Set<String> WORD_OPERATORS = Set.of("and", "or", "not", "eq", "ne", "lt", "gt", "le", "ge",
      "div", "mod", "empty");
  private static final Pattern NUMBER =
      Pattern.compile("[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final Pattern INDEX = Pattern.compile("\\[\\s*[0-9]+\\s*]");
  private static final Set<String> OPERATORS = Set.of("==", "!=", "<=", ">=", "<", ">", "&&", "||", "!", "+", "-",
      "*", "/", "%", "?", ":", "(", ")", ".");

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
    for (int start = nextStart(text, 0); start >= 0; ) {
      int end = closingBrace(text, start + 2);
      if (end < 0) {
        return Optional.of("an expression is not closed with '}'");
      }
      Optional<String> refusal = refusalOfOne(text.substring(start + 2, end), isBean);
      if (refusal.isPresent()) {
        return refusal;
      }
      start = nextStart(text, end + 1);
    }
    return Optional.empty();
  }

  /** Why a delegate expression is refused: it must be exactly {@code ${beanName}} naming a delegate bean. */
  static Optional<String> delegateRefusal(String text, Predicate<String> isDelegate) {
    String trimmed = text.trim();
    if (!trimmed.matches("[$#]\\{\\s*[A-Za-z_][A-Za-z0-9_]*\\s*}")) {
      return Optional.of("a delegate expression must be ${beanName}, not '" + text + "'");
    }
    String name = trimmed.substring(2, trimmed.length() - 1).trim();
    if (!isDelegate.test(name)) {
      return Optional.of("'" + name + "' is not one of Release Desk's delegate beans");
    }
    return Optional.empty();
  }

  private static int nextStart(String text, int from) {
    int dollar = text.indexOf("${", from);
    int hash = text.indexOf("#{", from);
    if (dollar < 0) {
      return hash;
    }
    return hash < 0 ? dollar : Math.min(dollar, hash);
  }

  private static int closingBrace(String text, int from) {
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '}') {
        return i;
      }
    }
    return -1;
  }

  private enum Kind { IDENTIFIER, LITERAL, OPERATOR, INDEX, OTHER }

  private record Token(Kind kind, String text) {}

  private static Optional<String> refusalOfOne(String body, Predicate<String> isBean) {
    List<Token> tokens = tokens(body);
    for (int i = 1; i < tokens.size(); i++) {
      Token previous = tokens.get(i - 1);
      boolean grouping = previous.kind() == Kind.OPERATOR && !previous.text().equals(")")
          || previous.kind() == Kind.IDENTIFIER && WORD_OPERATORS.contains(previous.text());
      if (tokens.get(i).text().equals("(") && !grouping) {
        return Optional.of("'" + body.trim() + "' calls a method or function");
      }
    }
    for (Token token : tokens) {
      if (token.kind() == Kind.OTHER) {
        return Optional.of("'" + body.trim() + "' uses '" + token.text() + "'; only names, literals, comparisons and"
            + " logic are allowed");
      }
    }
    for (int i = 0; i < tokens.size(); i++) {
      Kind before = i > 0 ? tokens.get(i - 1).kind() : null;
      if (tokens.get(i).kind() == Kind.INDEX && before != Kind.IDENTIFIER && before != Kind.INDEX) {
        return Optional.of("'" + body.trim() + "' indexes a computed value");
      }
    }
    int openQuestions = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      Token previous = i > 0 ? tokens.get(i - 1) : null;
      switch (token.text()) {
        case "." -> {
          if (previous == null || previous.kind() != Kind.IDENTIFIER && previous.kind() != Kind.INDEX) {
            return Optional.of("'" + body.trim() + "' reads a property of a computed value");
          }
        }
        case "?" -> openQuestions++;
        case ":" -> {
          if (openQuestions-- <= 0) {
            return Optional.of("'" + body.trim() + "' calls a function");
          }
        }
        default -> {
          if (token.kind() == Kind.IDENTIFIER && (previous == null || !previous.text().equals("."))) {
            Optional<String> refusal = chainRefusal(body, tokens, i, isBean);
            if (refusal.isPresent()) {
              return refusal;
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Checks the property chain that starts at tokens[start], an identifier that is not itself a property. */
  private static Optional<String> chainRefusal(String body, List<Token> tokens, int start, Predicate<String> isBean) {
    String root = tokens.get(start).text();
    if (LITERALS_AND_OPERATORS.contains(root)) {
      return Optional.empty();
    }
    var properties = new ArrayList<String>();
    for (int i = start + 1; i < tokens.size(); ) {
      Token step = tokens.get(i);
      if (step.kind() == Kind.INDEX) {
        properties.add(step.text());
        i++;
      } else if (step.text().equals(".") && i + 1 < tokens.size()) {
        Token property = tokens.get(i + 1);
        if (property.kind() != Kind.IDENTIFIER) {
          return Optional.of("'" + body.trim() + "' reads a property that is not a name");
        }
        properties.add(property.text());
        i += 2;
      } else {
        break;
      }
    }
    if (root.equals("class") || properties.contains("class")) {
      return Optional.of("'" + body.trim() + "' reads 'class'");
    }
    if (ENGINE_OBJECTS.containsKey(root)) {
      Set<String> allowed = ENGINE_OBJECTS.get(root);
      if (properties.size() != 1 || !allowed.contains(properties.get(0))) {
        return Optional.of("'" + body.trim() + "' uses the engine's '" + root + "' beyond "
            + (allowed.isEmpty() ? "nothing" : "its properties " + new TreeSet<>(allowed)));
      }
    } else if (isBean.test(root)) {
      return Optional.of("'" + body.trim() + "' uses the bean '" + root
          + "' outside a delegate expression");
    }
    return Optional.empty();
  }

  private static List<Token> tokens(String body) {
    var tokens = new ArrayList<Token>();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'' || c == '"') {
        int end = i + 1;
        while (end < body.length() && body.charAt(end) != c) {
          end += body.charAt(end) == '\\' ? 2 : 1;
        }
        tokens.add(new Token(Kind.LITERAL, body.substring(i, Math.min(end + 1, body.length()))));
        i = end + 1;
      } else if (c == '[' && INDEX.matcher(body).region(i, body.length()).lookingAt()) {
        var index = INDEX.matcher(body).region(i, body.length());
        index.lookingAt();
        tokens.add(new Token(Kind.INDEX, index.group().replaceAll("\\s", "")));
        i = index.end();
      } else if (Character.isDigit(c)) {
        var number = NUMBER.matcher(body).region(i, body.length());
        number.lookingAt();
        tokens.add(new Token(Kind.LITERAL, number.group()));
        i = number.end();
      } else if (Character.isJavaIdentifierStart(c)) {
        int end = i;
        while (end < body.length() && Character.isJavaIdentifierPart(body.charAt(end))) {
          end++;
        }
        tokens.add(new Token(Kind.IDENTIFIER, body.substring(i, end)));
        i = end;
      } else {
        String two = body.substring(i, Math.min(i + 2, body.length()));
        String operator = OPERATORS.contains(two) ? two : String.valueOf(c);
        tokens.add(new Token(OPERATORS.contains(operator) ? Kind.OPERATOR : Kind.OTHER, operator));
        i += operator.length();
      }
    }
    return tokens;
  }
}
