package io.releasedesk.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.support.DemoCatalog;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a freeze window is on, once or by its recurrence rule, and which requests for one are refused. */
class FreezeWindowTest {

  static FreezeWindow window(String start, String end, String recurrence, String... services) {
    return new FreezeWindow(
        "w",
        Instant.parse(start),
        Instant.parse(end),
        "Freeze",
        List.of(services),
        recurrence,
        "rita",
        Instant.parse(start));
  }

  @ParameterizedTest
  @CsvSource({
    "2026-12-23T23:59:59Z, false",
    "2026-12-24T00:00:00Z, true",
    "2026-12-26T23:59:59Z, true",
    "2026-12-27T00:00:00Z, false"
  })
  void aOneOffWindowIsOnFromItsStartUntilItsEnd(String moment, boolean on) {
    var holidays = window("2026-12-24T00:00:00Z", "2026-12-27T00:00:00Z", null);

    assertThat(holidays.occurrenceAt(Instant.parse(moment)).isPresent()).isEqualTo(on);
  }

  @ParameterizedTest
  @CsvSource({
    "2026-11-27T12:00:00Z, ''",
    "2026-11-28T12:00:00Z, 2026-11-29T00:00:00Z",
    "2026-12-06T23:00:00Z, 2026-12-07T00:00:00Z",
    "2026-12-09T12:00:00Z, ''",
    "2027-06-12T00:00:00Z, 2027-06-13T00:00:00Z"
  })
  void aWeekendWindowRecursEverySaturdayAndSunday(String moment, String endsAt) {
    var weekends =
        window("2026-11-28T00:00:00Z", "2026-11-29T00:00:00Z", "FREQ=WEEKLY;BYDAY=SA,SU");

    assertThat(
            weekends
                .occurrenceAt(Instant.parse(moment))
                .map(occurrence -> occurrence.end().toString()))
        .isEqualTo(endsAt.isEmpty() ? Optional.empty() : Optional.of(endsAt));
  }

  @Test
  void theEndOfEachQuarterIsFrozenByOneRule() {
    // the last day of March, June, September and December
    var quarterEnds =
        window(
            "2026-12-31T00:00:00Z",
            "2027-01-01T00:00:00Z",
            "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1");

    assertThat(quarterEnds.occurrenceAt(Instant.parse("2027-03-31T15:00:00Z"))).isPresent();
    assertThat(quarterEnds.occurrenceAt(Instant.parse("2027-06-30T08:00:00Z"))).isPresent();
    assertThat(quarterEnds.occurrenceAt(Instant.parse("2027-04-30T08:00:00Z"))).isEmpty();
  }

  @Test
  void ofWindowsThatOverlapTheOneEndingLastCounts() {
    var holidays = window("2026-12-24T00:00:00Z", "2026-12-27T00:00:00Z", null);
    var yearEnd = window("2026-12-20T00:00:00Z", "2027-01-02T00:00:00Z", null, "payments");

    assertThat(
            FreezeWindow.latestEndingAt(
                List.of(holidays, yearEnd), Instant.parse("2026-12-25T00:00:00Z")))
        .get()
        .extracting(FreezeWindow.Occurrence::end)
        .isEqualTo(Instant.parse("2027-01-02T00:00:00Z"));
    assertThat(yearEnd.appliesTo("payments")).isTrue();
    assertThat(yearEnd.appliesTo("checkout")).isFalse();
    assertThat(holidays.appliesTo("checkout"))
        .as("a window without services holds back all")
        .isTrue();
  }

  @Test
  void aRequestIsCheckedAndItsInstantsReadWithTheirOffset() {
    var checked =
        new FreezeRequest(
                "2026-12-24T18:00:00+01:00",
                "2026-12-27T06:00:00Z",
                " Holidays ",
                List.of("payments", "payments"),
                "RRULE:FREQ=YEARLY")
            .check(DemoCatalog.load());

    assertThat(checked.start()).isEqualTo(Instant.parse("2026-12-24T17:00:00Z"));
    assertThat(checked.reason()).isEqualTo("Holidays");
    assertThat(checked.services()).containsExactly("payments");
    assertThat(checked.recurrence()).isEqualTo("FREQ=YEARLY");
  }

  @Test
  void aBadRequestIsRefusedWithEveryProblemNamed() {
    assertThatThrownBy(
            () ->
                new FreezeRequest(
                        "tomorrow", "2026-12-24T18:00:00", "", List.of("billing"), "FREQ=SOMETIMES")
                    .check(DemoCatalog.load()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'start' (tomorrow) is not an ISO-8601 instant")
        .hasMessageContaining("'end' (2026-12-24T18:00:00) is not an ISO-8601 instant")
        .hasMessageContaining("'reason' is required")
        .hasMessageContaining("Service 'billing' is not in the service catalog")
        .hasMessageContaining("'recurrence' (FREQ=SOMETIMES) is not an iCalendar recurrence rule");
  }
}
