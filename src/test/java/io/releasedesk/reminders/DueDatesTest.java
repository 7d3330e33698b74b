package io.releasedesk.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long tasks have, as application.yaml configures it. */
class DueDatesTest {

  DueDates dueDates = new DueDates(Reminders.configured());

  @Test
  void eachTaskHasItsConfiguredTimeAndOthersADay() {
    assertThat(dueDates.dueIn("Task_PlanRelease", null)).isEqualTo(Duration.ofDays(1));
    assertThat(dueDates.dueIn("Task_DeployManually", null)).isEqualTo(Duration.ofHours(8));
    assertThat(dueDates.dueIn("Task_SomethingNew", null)).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void riskShortensTheTimeAndTheEscalationFollowsTheDueDateByADay() {
    assertThat(dueDates.dueIn("Task_FixDefects", "low")).isEqualTo(Duration.ofDays(3));
    assertThat(dueDates.dueIn("Task_FixDefects", "medium"))
        .isEqualTo(Duration.ofMinutes(3 * 24 * 60 * 3 / 4));
    assertThat(dueDates.dueIn("Task_FixDefects", "high")).isEqualTo(Duration.ofHours(36));
    assertThat(dueDates.escalateIn("Task_FixDefects", "high")).isEqualTo(Duration.ofHours(60));
  }
}
