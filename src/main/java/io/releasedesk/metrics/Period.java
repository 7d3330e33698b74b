package io.releasedesk.metrics;

import io.releasedesk.engine.InvalidInputException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The days the metrics cover, from the start of {@code from} to the end of {@code to} (UTC), and how the trend cuts
 * them: into ISO weeks (Monday to Sunday) or calendar months.
 */
public record Period(LocalDate from, LocalDate to, Bucket bucket) {

  /** How long a period may be: five years of weekly buckets are still a small answer. */
  static final int MAX_DAYS = 5 * 366;

  /** Without {@code from}: the 90 days up to {@code to}. */
  static final int DEFAULT_DAYS = 90;

  public enum Bucket {
    WEEK(7),
    MONTH(365.25 / 12);

    final double days;

    Bucket(double days) {
      this.days = days;
    }

    LocalDate start(LocalDate day) {
      return this == WEEK
          ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
          : day.withDayOfMonth(1);
    }

    LocalDate next(LocalDate start) {
      return this == WEEK ? start.plusWeeks(1) : start.plusMonths(1);
    }

    @com.fasterxml.jackson.annotation.JsonValue
    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @throws InvalidInputException for a date that is no ISO date, a bucket that is neither week nor month, a period
   *     that ends before it starts or is longer than five years
   */
  static Period of(String from, String to, String bucket, LocalDate today) {
    LocalDate end = date("to", to, today);
    LocalDate start = date("from", from, end.minusDays(DEFAULT_DAYS - 1));
    Bucket cut =
        switch (bucket == null || bucket.isBlank()
            ? "week"
            : bucket.strip().toLowerCase(Locale.ROOT)) {
          case "week" -> Bucket.WEEK;
          case "month" -> Bucket.MONTH;
          default ->
              throw new InvalidInputException(
                  "'bucket' must be week or month, not '" + bucket + "'");
        };
    if (start.isAfter(end)) {
      throw new InvalidInputException(
          "'from' (" + start + ") must not be after 'to' (" + end + ")");
    }
    if (Duration.between(start.atStartOfDay(), end.atStartOfDay()).toDays() + 1 > MAX_DAYS) {
      throw new InvalidInputException(
          "The period from "
              + start
              + " to "
              + end
              + " is longer than five years ("
              + MAX_DAYS
              + " days); ask for a shorter one");
    }
    return new Period(start, end, cut);
  }

  private static LocalDate date(String name, String value, LocalDate byDefault) {
    if (value == null || value.isBlank()) {
      return byDefault;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "'" + name + "' must be a date as yyyy-MM-dd (e.g. 2026-11-26), not '" + value + "'");
    }
  }

  Instant start() {
    return from.atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** The first instant after the period. */
  Instant end() {
    return to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  boolean contains(Instant instant) {
    return instant != null && !instant.isBefore(start()) && instant.isBefore(end());
  }

  long days() {
    return Duration.between(start(), end()).toDays();
  }

  /** The first day of each bucket the period touches, in order. */
  List<LocalDate> buckets() {
    var starts = new ArrayList<LocalDate>();
    for (LocalDate start = bucket.start(from); !start.isAfter(to); start = bucket.next(start)) {
      starts.add(start);
    }
    return starts;
  }

  /** The first day of the bucket an instant falls in. */
  LocalDate bucketOf(Instant instant) {
    return bucket.start(LocalDate.ofInstant(instant, ZoneOffset.UTC));
  }
}
