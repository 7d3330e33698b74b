package io.releasedesk.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.holunda.camunda.bpm.data.factory.VariableFactory;
import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.improvement.ImprovementAction;
import io.releasedesk.release.ReleaseProcess;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every process variable and decision key is named once: in its process's constants class, which the forms follow
 * (ModelsTest checks their keys). Java code, main and tests, uses the constant ({@code SERVICE.getName()}, or the typed
 * variable itself); a string literal equal to a declared name fails this test, naming the file, the line and the
 * constant to use.
 *
 * <p>Where the same word means something else (a JSON field of the REST API, a column, a milestone), the file is
 * listed in {@code variable-name-literals.txt} beside this test, with those words and why.
 */
class VariablesNamedOnceTest {

  /** The classes that declare the variables and decisions, where the names are written once. */
  static final List<Class<?>> CONSTANTS =
      List.of(
          ReleaseProcess.class,
          ReleaseProcess.Variables.class,
          DeploymentProcess.Variables.class,
          ImprovementAction.Variables.class);

  /** Java's tokens that may hold a quote: text blocks, string and char literals, comments; group 1 a string's text. */
  static final Pattern TOKENS =
      Pattern.compile(
          "(?s)\"\"\".*?\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"|'(?:[^'\\\\\\n]|\\\\.)+'|/\\*.*?\\*/|//[^\\n]*");

  @Test
  void noVariableNameIsWrittenAsAStringLiteral() throws Exception {
    Map<String, String> declared = declaredNames();
    Map<String, Set<String>> allowed = allowed();
    List<String> violations = new ArrayList<>();
    for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
          String name = root.relativize(file).toString().replace('\\', '/');
          if (isConstantsClass(name)) {
            continue;
          }
          Set<String> allowedHere = allowed.getOrDefault(name, Set.of());
          for (Literal literal : literals(Files.readString(file))) {
            String constant = declared.get(literal.value());
            if (constant != null && !allowedHere.contains(literal.value())) {
              violations.add(
                  root.resolve(name)
                      + ":"
                      + literal.line()
                      + ": \""
                      + literal.value()
                      + "\" is "
                      + constant);
            }
          }
        }
      }
    }
    assertThat(violations)
        .as("variable names written as string literals; use the constant")
        .isEmpty();
  }

  @Test
  void theListOfExceptionsNamesFilesThatExist() throws IOException {
    assertThat(allowed().keySet())
        .allSatisfy(
            file ->
                assertThat(
                        Files.exists(Path.of("src/main/java", file))
                            || Files.exists(Path.of("src/test/java", file)))
                    .as(file)
                    .isTrue());
  }

  @Test
  void aLiteralInCodeIsFoundAndOneInACommentOrTextBlockIsNot() {
    String code =
        """
        // "service" in a comment
        var json = \"""
            {"service": "payments"}
            \""";
        Map.of("service", "payments", "say \\"hi\\"", '"', 1); /* "version" */
        """;
    assertThat(literals(code))
        .containsExactly(
            new Literal("service", 5),
            new Literal("payments", 5),
            new Literal("say \\\"hi\\\"", 5));
  }

  /** Each declared name, with the constant that declares it. */
  static Map<String, String> declaredNames() throws IllegalAccessException {
    Map<String, String> names = new HashMap<>();
    for (Class<?> constants : CONSTANTS) {
      for (Field field : constants.getFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        Object value = field.get(null);
        String constant = constants.getCanonicalName() + "." + field.getName();
        if (value instanceof VariableFactory<?> variable) {
          names.putIfAbsent(variable.getName(), constant);
        } else if (value instanceof String name
            && (constants != ReleaseProcess.class || field.getName().endsWith("DECISION_KEY"))) {
          names.putIfAbsent(name, constant);
        }
      }
    }
    return names;
  }

  static boolean isConstantsClass(String file) {
    return CONSTANTS.stream()
        .map(type -> type.getName().replaceAll("\\$.*", "").replace('.', '/') + ".java")
        .anyMatch(file::equals);
  }

  /** The files (relative to src/main/java or src/test/java) that may write names, each with the names. */
  static Map<String, Set<String>> allowed() throws IOException {
    Map<String, Set<String>> allowed = new HashMap<>();
    try (var in = VariablesNamedOnceTest.class.getResourceAsStream("variable-name-literals.txt")) {
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        String entry = line.replaceAll("#.*", "").trim();
        if (entry.isEmpty()) {
          continue;
        }
        String[] words = entry.split("\\s+");
        Set<String> names = allowed.computeIfAbsent(words[0], file -> new HashSet<>());
        if (words.length == 1) {
          throw new IllegalStateException(
              "variable-name-literals.txt: "
                  + words[0]
                  + " names no words; list those that mean something else there, and why");
        }
        names.addAll(List.of(words).subList(1, words.length));
      }
    }
    return allowed;
  }

  record Literal(String value, int line) {}

  /** The string literals of Java code, outside comments and text blocks, with their line. */
  static List<Literal> literals(String source) {
    List<Literal> literals = new ArrayList<>();
    Matcher token = TOKENS.matcher(source);
    while (token.find()) {
      if (token.group(1) != null) {
        int line =
            1 + (int) source.substring(0, token.start()).chars().filter(c -> c == '\n').count();
        literals.add(new Literal(token.group(1), line));
      }
    }
    return literals;
  }
}
