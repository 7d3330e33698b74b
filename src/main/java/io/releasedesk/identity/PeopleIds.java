package io.releasedesk.identity;

import java.util.regex.Pattern;

/**
 * The user and group ids Release Desk accepts: those organisations use ({@code first.last}, {@code ops-admin},
 * {@code a_b}, {@code name@example.com}), and nothing that could break a path, a query or a log line: letters and
 * digits, with {@code -}, {@code _} and {@code @}, in parts joined by single dots, beginning with a letter or digit,
 * at most 64 characters (what the engine's identity tables hold). No spaces, slashes, backslashes, {@code ..}, leading
 * or trailing dots, wildcards or quotes. The engine's own check (its resource whitelist patterns) is set to the same
 * pattern by {@link PeopleIdsPlugin}; {@link CheckedIdsIdentityService} refuses a bad id before it with this rule in
 * words.
 */
public final class PeopleIds {

  /** An id: letters, digits, '-', '_' and '@' in parts joined by single dots, beginning with a letter or digit. */
  public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9_@-]*(?:\\.[A-Za-z0-9_@-]+)*";

  /** The length of the id columns of the engine's identity tables (ACT_ID_USER, ACT_ID_GROUP). */
  public static final int MAX_LENGTH = 64;

  /** The rule, in the words a refusal uses. */
  public static final String RULE =
      "an id has letters, digits and the characters . - _ @, begins with a letter or "
          + "digit, has no two dots in a row and no dot at the end, and is at most "
          + MAX_LENGTH
          + " characters long";

  private static final Pattern ID = Pattern.compile(PATTERN);

  private PeopleIds() {}

  public static boolean isValid(String id) {
    return id != null && id.length() <= MAX_LENGTH && ID.matcher(id).matches();
  }

  /**
   * Refuses an id that breaks the rule, in one sentence naming it.
   *
   * @param kind "User" or "Group", as the sentence begins
   */
  public static void check(String kind, String id) {
    if (!isValid(id)) {
      throw new InvalidIdException(
          kind
              + " id "
              + (id == null ? "(none)" : "'" + id + "'")
              + " is not allowed: "
              + RULE
              + ".");
    }
  }
}
