package io.releasedesk.bench;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of measured values, by nearest rank over the sorted samples (no interpolation). */
public final class Percentiles {

  private final double[] sorted;

  private Percentiles(double[] sorted) {
    this.sorted = sorted;
  }

  public static Percentiles of(Collection<? extends Number> samples) {
    double[] values = samples.stream().mapToDouble(Number::doubleValue).toArray();
    Arrays.sort(values);
    return new Percentiles(values);
  }

  /**
   * The smallest sample that at least {@code percent} % of the samples do not exceed; {@code NaN} without samples.
   */
  public double at(double percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("A percentile lies in (0, 100], not " + percent);
    }
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percent / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  public int count() {
    return sorted.length;
  }
}
