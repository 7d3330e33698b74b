package io.releasedesk.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * One field of a Camunda Form with the rules the form declares ({@code validate}: required, min, max, minLength,
 * maxLength, pattern) and those of its type: a number field takes a number, a checkbox true or false, a radio or
 * select one of its options, a text field text. The browser applies them in Tasklist; {@link FormFields} applies
 * them again to whatever reaches the engine, whatever the way in.
 *
 * @param options the values a radio or select offers; empty when they come from a variable
 * @param conditional whether the form may hide the field; a hidden field is not required
 * @param readOnly whether the form only shows the field's value ({@code readonly} or {@code disabled}): Tasklist
 *     sends a read-only value back as it was, and nobody may change it through the task
 * @param description what the form says under the field; a value that does not match the field's pattern is refused
 *     with these words, not with the pattern
 */
record FormField(
    String key,
    String label,
    String type,
    boolean required,
    BigDecimal min,
    BigDecimal max,
    Integer minLength,
    Integer maxLength,
    Pattern pattern,
    List<String> options,
    boolean wholeNumber,
    boolean conditional,
    boolean readOnly,
    String description) {

  /** Reads a component of a form; a component without a key (text, a group) is no field. */
  static Optional<FormField> of(JsonNode component) {
    if (!component.hasNonNull("key") || !component.has("type")) {
      return Optional.empty();
    }
    String key = component.get("key").asText();
    String label = component.path("label").asText(component.path("dateLabel").asText(key));
    JsonNode validate = component.path("validate");
    var options = new ArrayList<String>();
    component.path("values").forEach(option -> options.add(option.path("value").asText()));
    return Optional.of(
        new FormField(
            key,
            label.isBlank() ? key : label,
            component.get("type").asText(),
            validate.path("required").asBoolean(false),
            validate.hasNonNull("min") ? validate.get("min").decimalValue() : null,
            validate.hasNonNull("max") ? validate.get("max").decimalValue() : null,
            validate.hasNonNull("minLength") ? validate.get("minLength").asInt() : null,
            validate.hasNonNull("maxLength") ? validate.get("maxLength").asInt() : null,
            validate.hasNonNull("pattern")
                ? Pattern.compile(validate.get("pattern").asText())
                : null,
            List.copyOf(options),
            component.path("decimalDigits").asInt(-1) == 0,
            component.has("conditional"),
            component.path("readonly").asBoolean(false)
                || component.path("disabled").asBoolean(false),
            component.path("description").asText("")));
  }

  /** Whether the field must have a value when its task is completed. */
  boolean mustBeFilled() {
    return required && !conditional;
  }

  /** What is wrong with a value submitted for this field; empty when nothing is. */
  Optional<String> problem(Object submitted) {
    TypedValue typed = Variables.untypedValue(submitted);
    if (typed.getType() != null && !typed.getType().isPrimitiveValueType()) {
      // an object, JSON, a file: no field of a form submits one
      return Optional.of(name() + " " + expected());
    }
    Object value = typed.getValue();
    if (isEmpty(value)) {
      return required ? Optional.of(name() + " is required") : Optional.empty();
    }
    return switch (type) {
      case "number" -> numberProblem(value);
      case "checkbox" ->
          value instanceof Boolean ? Optional.empty() : Optional.of(name() + " " + expected());
      case "radio", "select" ->
          value instanceof String text && (options.isEmpty() || options.contains(text))
              ? Optional.empty()
              : Optional.of(name() + " " + expected());
      case "datetime" ->
          value instanceof Date
              ? Optional.empty()
              : value instanceof String text
                  ? EnteredText.problem(name(), text)
                  : Optional.of(name() + " " + expected());
      default ->
          value instanceof String text ? textProblem(text) : Optional.of(name() + " " + expected());
    };
  }

  static boolean isEmpty(Object value) {
    return value == null || value instanceof String text && text.isBlank();
  }

  private Optional<String> textProblem(String text) {
    Optional<String> problem =
        EnteredText.problem(name(), text, maxLength == null ? Integer.MAX_VALUE : maxLength);
    if (problem.isPresent()) {
      return problem;
    }
    if (minLength != null && text.length() < minLength) {
      return Optional.of(name() + " is shorter than " + minLength + " characters");
    }
    if (pattern != null && !pattern.matcher(text).find()) {
      return Optional.of(
          description.isBlank()
              ? name() + " does not have the form the field asks for"
              : name() + " does not look right: " + description);
    }
    return Optional.empty();
  }

  private Optional<String> numberProblem(Object value) {
    BigDecimal number = null;
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      number = BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof Double d && !wholeNumber && Double.isFinite(d)) {
      number = BigDecimal.valueOf(d);
    }
    if (number == null
        || min != null && number.compareTo(min) < 0
        || max != null && number.compareTo(max) > 0) {
      return Optional.of(name() + " " + expected());
    }
    return Optional.empty();
  }

  /** What the field takes, as its message says it. */
  private String expected() {
    return switch (type) {
      case "number" -> "must be " + (wholeNumber ? "a whole number" : "a number") + range();
      case "checkbox" -> "must be true or false";
      case "radio", "select" ->
          "must be " + (options.isEmpty() ? "one of its options" : alternatives());
      case "datetime" -> "must be a date";
      default -> "must be text";
    };
  }

  private String range() {
    if (min != null && max != null) {
      return " from " + min.toPlainString() + " to " + max.toPlainString();
    }
    if (min != null) {
      return " of at least " + min.toPlainString();
    }
    return max != null ? " of at most " + max.toPlainString() : "";
  }

  /** small, medium or large */
  private String alternatives() {
    return options.size() == 1
        ? options.get(0)
        : String.join(", ", options.subList(0, options.size() - 1))
            + " or "
            + options.get(options.size() - 1);
  }

  private String name() {
    return label;
  }
}
