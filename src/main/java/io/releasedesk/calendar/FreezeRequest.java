package io.releasedesk.calendar;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.engine.EnteredText;
import io.releasedesk.engine.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A freeze window as a release manager asks for it: instants in ISO-8601 with their offset, the services it holds
 * back (none: all of them), and, for a window that comes again, an iCalendar recurrence rule.
 */
public record FreezeRequest(
    String start, String end, String reason, List<String> services, String recurrence) {

  static final int MAX_RECURRENCE_LENGTH = 1000;

  /** The request as it is stored, with the recurrence rule as ical4j writes it. */
  record Checked(
      Instant start, Instant end, String reason, List<String> services, String recurrence) {}

  /** Checks every rule and names every problem at once; nothing is stored when one fails. */
  Checked check(ServiceCatalog catalog) {
    var problems = new ArrayList<String>();
    Instant startAt = instant("start", start, problems);
    Instant endAt = instant("end", end, problems);
    if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
      problems.add("'end' (" + end + ") must be after 'start' (" + start + ")");
    }
    if (reason == null || reason.isBlank()) {
      problems.add("'reason' is required: say why releases must wait");
    } else {
      EnteredText.problem("'reason'", reason).ifPresent(problems::add);
    }
    var named = new LinkedHashSet<String>();
    if (services != null) {
      for (String service : services) {
        if (service == null || catalog.find(service).isEmpty()) {
          problems.add(catalog.notListed(String.valueOf(service)));
        } else {
          named.add(service);
        }
      }
    }
    String rule = null;
    if (recurrence != null && !recurrence.isBlank()) {
      rule = rule(recurrence.trim(), problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "The freeze window is refused: " + String.join("; ", problems));
    }
    return new Checked(startAt, endAt, reason.strip(), named.stream().sorted().toList(), rule);
  }

  private static Instant instant(String field, String value, List<String> problems) {
    if (value == null || value.isBlank()) {
      problems.add(
          "'" + field + "' is required, an ISO-8601 instant such as 2026-12-24T18:00:00+01:00");
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(
          "'"
              + field
              + "' ("
              + value
              + ") is not an ISO-8601 instant with its offset, such as "
              + "2026-12-24T18:00:00+01:00 or 2026-12-24T17:00:00Z");
      return null;
    }
  }

  private static String rule(String recurrence, List<String> problems) {
    String rule =
        recurrence.regionMatches(true, 0, "RRULE:", 0, 6) ? recurrence.substring(6) : recurrence;
    if (rule.length() > MAX_RECURRENCE_LENGTH || rule.chars().anyMatch(Character::isISOControl)) {
      problems.add(
          "'recurrence' must be one line of at most " + MAX_RECURRENCE_LENGTH + " characters");
      return null;
    }
    try {
      return FreezeWindow.recur(rule).toString();
    } catch (RuntimeException e) {
      problems.add(
          "'recurrence' ("
              + recurrence
              + ") is not an iCalendar recurrence rule such as "
              + "FREQ=WEEKLY;BYDAY=SA,SU ("
              + e.getMessage()
              + ")");
      return null;
    }
  }
}
