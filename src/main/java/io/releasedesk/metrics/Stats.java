package io.releasedesk.metrics;

import java.util.List;

/** Median and percentiles of durations, as the metrics report them. */
final class Stats {

  private Stats() {}

  /** The middle value, or the mean of the two middle values; null for no values. */
  static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return round(
        sorted.size() % 2 == 1
            ? sorted.get(middle)
            : (sorted.get(middle - 1) + sorted.get(middle)) / 2);
  }

  /** The nearest-rank percentile: the smallest value that at least {@code percent} % of the values do not exceed. */
  static Double percentile(List<Double> values, int percent) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return round(sorted.get(Math.max(0, rank - 1)));
  }

  /** Two decimals are enough for hours and rates. */
  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  static double hours(java.time.Instant from, java.time.Instant to) {
    return java.time.Duration.between(from, to).toMillis() / 3_600_000.0;
  }
}
