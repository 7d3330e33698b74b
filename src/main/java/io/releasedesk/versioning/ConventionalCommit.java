package io.releasedesk.versioning;

import java.util.regex.Pattern;

/**
 * A commit message read by the Conventional Commits 1.0.0 rules: {@code type(scope)!: subject}, and a
 * {@code BREAKING CHANGE:} (or {@code BREAKING-CHANGE:}) footer. A message that does not follow them keeps its first
 * line as the subject and has no type.
 *
 * @param type {@code feat}, {@code fix}, … in lower case; null when the message is not conventional
 * @param scope the part in parentheses, or null
 * @param breaking whether the commit marks a breaking change
 * @param subject the first line after the colon (or the whole first line)
 */
public record ConventionalCommit(String type, String scope, boolean breaking, String subject) {

  private static final Pattern HEADER =
      Pattern.compile(
          "^(?<type>[A-Za-z]+)(?:\\((?<scope>[^()\\r\\n]*)\\))?(?<bang>!)?: +(?<subject>\\S.*)$");
  private static final Pattern BREAKING_FOOTER = Pattern.compile("(?m)^BREAKING[ -]CHANGE: ");
  private static final Pattern BREAKING_NOTE =
      Pattern.compile("(?m)^BREAKING[ -]CHANGE: +(\\S.*)$");

  /** How much a commit asks the version to move. Ordered from least to most. */
  public enum Bump {
    PATCH,
    MINOR,
    MAJOR
  }

  public static ConventionalCommit parse(String message) {
    String text = message == null ? "" : message.strip();
    int end = text.indexOf('\n');
    String header = (end < 0 ? text : text.substring(0, end)).strip();
    String body = end < 0 ? "" : text.substring(end + 1);
    var matcher = HEADER.matcher(header);
    if (!matcher.matches()) {
      return new ConventionalCommit(null, null, false, header);
    }
    boolean breaking = matcher.group("bang") != null || BREAKING_FOOTER.matcher(body).find();
    return new ConventionalCommit(
        matcher.group("type").toLowerCase(java.util.Locale.ROOT),
        matcher.group("scope"),
        breaking,
        matcher.group("subject").strip());
  }

  /** The first line of a message's {@code BREAKING CHANGE:} footer: what breaks; null when it has none. */
  public static String breakingNote(String message) {
    var matcher = BREAKING_NOTE.matcher(message == null ? "" : message);
    return matcher.find() ? matcher.group(1).strip() : null;
  }

  public boolean isConventional() {
    return type != null;
  }

  /** Breaking → major, {@code feat} → minor, anything else (fixes, chores, messages of no convention) → patch. */
  public Bump bump() {
    if (breaking) {
      return Bump.MAJOR;
    }
    return "feat".equals(type) ? Bump.MINOR : Bump.PATCH;
  }
}
