package io.releasedesk.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Whether a release's target date (a day, in UTC like the windows' recurrences) falls in a freeze window. */
final class TargetDateFreezes {

  private TargetDateFreezes() {}

  /** Of the windows on for any part of the day, the time that starts first; empty when none is. */
  static Optional<FreezeWindow.Occurrence> on(Collection<FreezeWindow> windows, LocalDate day) {
    Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return windows.stream()
        .flatMap(window -> occurrenceDuring(window, from, to).stream())
        .min(Comparator.comparing(FreezeWindow.Occurrence::start));
  }

  /** The window's time that is on at {@code from} or starts before {@code to}. */
  private static Optional<FreezeWindow.Occurrence> occurrenceDuring(
      FreezeWindow window, Instant from, Instant to) {
    var atStart = window.occurrenceAt(from);
    if (atStart.isPresent()) {
      return atStart;
    }
    if (!window.recurs()) {
      return window.start().isBefore(to) && !window.start().isBefore(from)
          ? Optional.of(new FreezeWindow.Occurrence(window, window.start(), window.end()))
          : Optional.empty();
    }
    return FreezeWindow.recur(window.recurrence())
        .getDates(
            window.start().atZone(ZoneOffset.UTC),
            from.atZone(ZoneOffset.UTC),
            to.minusSeconds(1).atZone(ZoneOffset.UTC))
        .stream()
        .map(
            start ->
                new FreezeWindow.Occurrence(
                    window, start.toInstant(), start.toInstant().plus(window.duration())))
        .findFirst();
  }
}
