package io.releasedesk.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether a target date (a day, UTC) falls in a freeze window, once or recurring. */
class TargetDateFreezesTest {

  static FreezeWindow window(String start, String end, String recurrence) {
    return new FreezeWindow(
        "w",
        Instant.parse(start),
        Instant.parse(end),
        "Freeze",
        List.of(),
        recurrence,
        "rita",
        Instant.parse(start));
  }

  @Test
  void aDayTouchedByAWindowAnywhereIsInIt() {
    var window = window("2026-12-24T18:00:00Z", "2026-12-27T06:00:00Z", null);

    assertThat(TargetDateFreezes.on(List.of(window), LocalDate.parse("2026-12-24"))).isPresent();
    assertThat(TargetDateFreezes.on(List.of(window), LocalDate.parse("2026-12-25"))).isPresent();
    assertThat(TargetDateFreezes.on(List.of(window), LocalDate.parse("2026-12-27"))).isPresent();
    assertThat(TargetDateFreezes.on(List.of(window), LocalDate.parse("2026-12-23"))).isEmpty();
    assertThat(TargetDateFreezes.on(List.of(window), LocalDate.parse("2026-12-28"))).isEmpty();
  }

  @Test
  void aRecurringWindowCountsEachTimeItIsOn() {
    // every Saturday, all day (2026-11-28 is a Saturday)
    var weekends = window("2026-11-28T00:00:00Z", "2026-11-29T00:00:00Z", "FREQ=WEEKLY;BYDAY=SA");

    var saturday = TargetDateFreezes.on(List.of(weekends), LocalDate.parse("2027-01-09"));
    assertThat(saturday)
        .get()
        .extracting(FreezeWindow.Occurrence::start)
        .isEqualTo(Instant.parse("2027-01-09T00:00:00Z"));
    assertThat(TargetDateFreezes.on(List.of(weekends), LocalDate.parse("2027-01-08"))).isEmpty();
    assertThat(TargetDateFreezes.on(List.of(weekends), LocalDate.parse("2027-01-10"))).isEmpty();
    assertThat(TargetDateFreezes.on(List.of(weekends), LocalDate.parse("2026-11-21"))).isEmpty();
  }
}
