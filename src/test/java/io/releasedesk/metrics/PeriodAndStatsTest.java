package io.releasedesk.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasedesk.engine.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The period a metric covers, its buckets, and the median, p90 and covered time the metrics report. */
class PeriodAndStatsTest {

  static final LocalDate TODAY = LocalDate.parse("2031-03-15");

  @Test
  void aPeriodIsCutIntoIsoWeeksOrCalendarMonths() {
    Period weeks = Period.of("2031-03-05", "2031-03-18", "week", TODAY);
    assertThat(weeks.buckets())
        .containsExactly(
            LocalDate.parse("2031-03-03"),
            LocalDate.parse("2031-03-10"),
            LocalDate.parse("2031-03-17"));
    assertThat(weeks.days()).isEqualTo(14);
    assertThat(weeks.contains(Instant.parse("2031-03-18T23:59:59Z"))).isTrue();
    assertThat(weeks.contains(Instant.parse("2031-03-19T00:00:00Z"))).isFalse();
    assertThat(Period.of("2031-01-31", "2031-03-01", "Month", TODAY).buckets())
        .containsExactly(
            LocalDate.parse("2031-01-01"),
            LocalDate.parse("2031-02-01"),
            LocalDate.parse("2031-03-01"));
  }

  @Test
  void withoutDatesThePeriodIsTheNinetyDaysUpToToday() {
    Period period = Period.of(null, "", null, TODAY);
    assertThat(period.to()).isEqualTo(TODAY);
    assertThat(period.from()).isEqualTo(TODAY.minusDays(89));
    assertThat(period.bucket()).isEqualTo(Period.Bucket.WEEK);
  }

  @Test
  void badPeriodsAreRefusedInWords() {
    assertThatThrownBy(() -> Period.of("15.03.2031", null, null, TODAY))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("'from' must be a date as yyyy-MM-dd (e.g. 2026-11-26), not '15.03.2031'");
    assertThatThrownBy(() -> Period.of(null, null, "quarter", TODAY))
        .hasMessage("'bucket' must be week or month, not 'quarter'");
    assertThatThrownBy(() -> Period.of("2031-03-16", "2031-03-15", null, TODAY))
        .hasMessage("'from' (2031-03-16) must not be after 'to' (2031-03-15)");
    assertThatThrownBy(() -> Period.of("2026-01-01", "2031-03-15", null, TODAY))
        .hasMessageContaining("longer than five years");
  }

  @Test
  void medianAndNearestRankPercentile() {
    assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Stats.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    assertThat(Stats.median(List.of())).isNull();
    List<Double> ten = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
    assertThat(Stats.percentile(ten, 90)).isEqualTo(9.0);
    assertThat(Stats.percentile(List.of(0.0, 1.0, 2.0, 3.0, 4.0), 90)).isEqualTo(4.0);
  }

  @Test
  void stepsAtOnceOrTheSamePhaseTwiceAreCountedOnce() {
    Instant t = Instant.parse("2031-03-03T08:00:00Z");
    List<Instant[]> intervals =
        List.of(
            new Instant[] {t, t.plusSeconds(3600)},
            new Instant[] {t.plusSeconds(1800), t.plusSeconds(5400)},
            new Instant[] {t.plusSeconds(7200), t.plusSeconds(9000)});
    assertThat(StepTimes.covered(intervals)).isEqualTo((5400 + 1800) * 1000L);
    assertThat(StepTimes.covered(List.of())).isZero();
  }
}
