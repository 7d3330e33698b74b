package io.releasedesk.improvement;

import io.releasedesk.engine.EnteredText;
import io.releasedesk.engine.InvalidInputException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One action item of a retrospective: what is to be done, by whom (a user id), by when. The retrospective form takes
 * them one per line, {@code what; owner; due date}, e.g. {@code Automate the smoke test; devon; 2026-12-15}.
 */
public record ActionItem(String what, String owner, LocalDate due) {

  /** How far ahead an item may be due; a later date is a typo. */
  static final int MAX_YEARS_AHEAD = 2;

  static final String FORMAT =
      "what; owner; due date, e.g. \"Automate the smoke test; devon; 2026-12-15\"";

  /** The line that stands for this item. */
  public String line() {
    return what + "; " + owner + "; " + due;
  }

  /** The action items of a text checked before, e.g. as its retrospective was completed. */
  public static List<ActionItem> read(String text) {
    return parse(text, owner -> true, null);
  }

  /**
   * The action items of a retrospective's text, one per non-empty line.
   *
   * @param isUser whether a user id names a user of Release Desk
   * @param today the day of the retrospective; no item is due before it (null: the dates are not checked)
   * @throws InvalidInputException naming every line that is not an item, and why
   */
  public static List<ActionItem> parse(String text, Predicate<String> isUser, LocalDate today) {
    var items = new ArrayList<ActionItem>();
    var problems = new ArrayList<String>();
    if (text == null || text.isBlank()) {
      return items;
    }
    EnteredText.problem("Action items", text)
        .ifPresent(
            problem -> {
              throw new InvalidInputException(problem);
            });
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = "Action item line " + (i + 1) + " (\"" + line + "\"): ";
      String[] parts = line.split(";", -1);
      if (parts.length != 3) {
        problems.add(where + "write " + FORMAT);
        continue;
      }
      String what = parts[0].strip();
      String owner = parts[1].strip();
      String dueText = parts[2].strip();
      var lineProblems = new ArrayList<String>();
      if (what.isEmpty()) {
        lineProblems.add("says not what is to be done");
      }
      if (owner.isEmpty()) {
        lineProblems.add("names no owner (a user id, e.g. devon)");
      } else if (!isUser.test(owner)) {
        lineProblems.add("'" + owner + "' is not a user of Release Desk");
      }
      LocalDate due = null;
      try {
        due = LocalDate.parse(dueText);
        if (today == null) {
          // read as checked before
        } else if (due.isBefore(today)) {
          lineProblems.add("its due date " + due + " lies in the past");
        } else if (due.isAfter(today.plusYears(MAX_YEARS_AHEAD))) {
          lineProblems.add(
              "its due date " + due + " lies more than " + MAX_YEARS_AHEAD + " years ahead");
        }
      } catch (DateTimeParseException e) {
        lineProblems.add("its due date '" + dueText + "' is not a date like 2026-12-15");
      }
      if (lineProblems.isEmpty()) {
        items.add(new ActionItem(what, owner, due));
      } else {
        problems.add(where + String.join(", ", lineProblems));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(String.join("; ", problems));
    }
    return items;
  }
}
