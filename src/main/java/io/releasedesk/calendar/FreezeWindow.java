package io.releasedesk.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.model.Recur;

/**
 * A time in which releases do not go to production: once, from {@code start} to {@code end}, or again and again when
 * it has a recurrence (an iCalendar RRULE such as {@code FREQ=WEEKLY;BYDAY=SA}), each time as long as the first and
 * starting at the same time of day, in UTC.
 *
 * @param services the services it holds back; empty: all of them
 * @param recurrence an iCalendar recurrence rule, or {@code null} for a window that happens once
 */
public record FreezeWindow(
    String id,
    Instant start,
    Instant end,
    String reason,
    List<String> services,
    String recurrence,
    String createdBy,
    Instant createdAt) {

  /** One time a freeze window is on, from {@code start} (inclusive) to {@code end} (exclusive). */
  public record Occurrence(FreezeWindow window, Instant start, Instant end) {

    boolean contains(Instant moment) {
      return !moment.isBefore(start) && moment.isBefore(end);
    }
  }

  public FreezeWindow {
    services = List.copyOf(services);
  }

  public boolean appliesTo(String service) {
    return services.isEmpty() || services.contains(service);
  }

  public boolean recurs() {
    return recurrence != null;
  }

  public Duration duration() {
    return Duration.between(start, end);
  }

  /** The recurrence rule read by ical4j; {@code IllegalArgumentException} if it is none. */
  static Recur<ZonedDateTime> recur(String recurrence) {
    return new Recur<>(recurrence);
  }

  /** The time this window is on at {@code moment}, if it is. */
  public Optional<Occurrence> occurrenceAt(Instant moment) {
    var first = new Occurrence(this, start, end);
    if (!recurs() || first.contains(moment)) {
      return Optional.of(first).filter(occurrence -> occurrence.contains(moment));
    }
    if (moment.isBefore(start)) {
      return Optional.empty();
    }
    // the starts between one duration before the moment and the moment itself, by the rule from the
    // first start
    ZonedDateTime seed = start.atZone(ZoneOffset.UTC);
    List<ZonedDateTime> starts =
        recur(recurrence)
            .getDates(
                seed,
                moment.minus(duration()).minusSeconds(1).atZone(ZoneOffset.UTC),
                moment.plusSeconds(1).atZone(ZoneOffset.UTC));
    return starts.stream()
        .map(ZonedDateTime::toInstant)
        .map(
            occurrenceStart ->
                new Occurrence(this, occurrenceStart, occurrenceStart.plus(duration())))
        .filter(occurrence -> occurrence.contains(moment))
        .max(Comparator.comparing(Occurrence::end));
  }

  /** Of the windows on at {@code moment}, the time that ends last; empty when none is on. */
  public static Optional<Occurrence> latestEndingAt(
      Collection<FreezeWindow> windows, Instant moment) {
    return windows.stream()
        .flatMap(window -> window.occurrenceAt(moment).stream())
        .max(Comparator.comparing(Occurrence::end));
  }
}
