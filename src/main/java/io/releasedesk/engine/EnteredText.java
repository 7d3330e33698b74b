package io.releasedesk.engine;

import java.util.Optional;

/**
 * What any text a person enters must be, wherever it goes (a form field, a release request, a reason): no longer than
 * the engine can store, and free of control characters, which no person types and which break logs, exports and
 * some databases (PostgreSQL refuses NUL in text). Tabs and line breaks are text.
 */
public final class EnteredText {

  /**
   * The engine stores a text variable in ACT_RU_VARIABLE.TEXT_ and ACT_HI_VARINST.TEXT_, varchar(4000) on H2 and
   * PostgreSQL; longer text fails in the database. Counted in UTF-16 units, which never undercounts characters.
   */
  public static final int MAX_LENGTH = 4000;

  private EnteredText() {}

  /** What is wrong with the text, named after its label; empty when nothing is. */
  public static Optional<String> problem(String label, String text) {
    return problem(label, text, MAX_LENGTH);
  }

  /** As {@link #problem(String, String)}, with a lower limit of its own (never a higher one). */
  public static Optional<String> problem(String label, String text, int maxLength) {
    int limit = Math.min(maxLength, MAX_LENGTH);
    if (text.length() > limit) {
      return Optional.of(label + " is longer than " + limit + " characters");
    }
    if (text.chars().anyMatch(EnteredText::isForbiddenControlCharacter)) {
      return Optional.of(
          label + " contains a control character (only tabs and line breaks are allowed)");
    }
    return Optional.empty();
  }

  private static boolean isForbiddenControlCharacter(int c) {
    return Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r';
  }
}
