package io.releasedesk.notification;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_POLICY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.STAKEHOLDERS;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasedesk.notification.Occasion.OpenTask;
import io.releasedesk.support.DemoCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each notice says, to whom it goes, and how the templates write it. */
class NoticesTest {

  static final NotificationProperties PROPERTIES =
      new NotificationProperties(
          "https://rd.example.com",
          "release-desk@example.com",
          "https://chat.example.com/hooks/all",
          Duration.ofSeconds(10));

  final Notices notices = new Notices(PROPERTIES);
  final Audience audience = new Audience(DemoCatalog.load(), PROPERTIES);
  final NoticeTemplates templates = new NoticeTemplates();

  static final OpenTask PLAN =
      new OpenTask(
          "task-1",
          "Plan release",
          null,
          List.of("paula"),
          List.of("release-managers"),
          Date.from(Instant.parse("2026-12-01T09:00:00Z")));

  @Test
  void aReminderTellsTheTasksCandidatesItIsTheirTurnAndLinksToTheTask() {
    var reminder =
        new Occasion(
            Milestone.REMINDER,
            "search@1.4.0",
            "pi-1",
            Map.of(SERVICE.getName(), "search", REQUESTED_BY.getName(), "rita"),
            PLAN);

    Notice notice = notices.compose(reminder);

    assertThat(notice.subject()).isEqualTo("search@1.4.0: your turn — Plan release");
    assertThat(notice.headline())
        .isEqualTo(
            "It is your turn: \"Plan release\" of release search@1.4.0 is due 2026-12-01 09:00 UTC.");
    assertThat(notice.link())
        .isEqualTo("https://rd.example.com/camunda/app/tasklist/default/#/?task=task-1");
    assertThat(audience.people(reminder))
        .as("the candidates, not the service's list")
        .containsExactly("paula", "release-managers");
    assertThat(audience.chatWebhooks(reminder)).as("a reminder is personal").isEmpty();
  }

  @Test
  void anEscalationTellsTheReleaseManagersWhoTheTaskWaitsOn() {
    var assigned =
        new OpenTask("task-2", "Verify release candidate", "quinn", List.of(), List.of("qa"), null);
    var escalation =
        new Occasion(
            Milestone.ESCALATION,
            "search@1.4.0",
            "pi-1",
            Map.of(SERVICE.getName(), "search"),
            assigned);

    Notice notice = notices.compose(escalation);

    assertThat(notice.subject()).isEqualTo("search@1.4.0 overdue: Verify release candidate");
    assertThat(notice.details()).containsEntry("Waiting for", "quinn");
    assertThat(audience.people(escalation)).containsExactly("release-managers");
  }

  @Test
  void theServicesListTheRequesterAndTheStakeholdersHearAMilestoneAndTheChatsToo() {
    var planned =
        new Occasion(
            Milestone.PLANNED,
            "search@1.4.0",
            "pi-1",
            Map.of(
                SERVICE.getName(),
                "search",
                REQUESTED_BY.getName(),
                "rita",
                TARGET_DATE.getName(),
                "2026-12-10",
                STAKEHOLDERS.getName(),
                "mona; cfo@example.com"),
            null);

    assertThat(audience.people(planned))
        .containsExactly(
            "paula", "developers", "search-team@example.com", "rita", "mona", "cfo@example.com");
    assertThat(audience.chatWebhooks(planned))
        .containsExactly("https://chat.example.com/hooks/all");
    assertThat(notices.compose(planned).link())
        .isEqualTo("https://rd.example.com/camunda/app/cockpit/default/#/process-instance/pi-1");
  }

  @Test
  void whoApprovesIsAskedByTheRisk() {
    var cab =
        new Occasion(
            Milestone.APPROVAL_NEEDED,
            "payments@2.4.0",
            "pi-2",
            Map.of(
                SERVICE.getName(),
                "payments",
                APPROVAL_POLICY.getName(),
                "cab",
                RISK_LEVEL.getName(),
                "high"),
            null);

    assertThat(notices.compose(cab).headline())
        .isEqualTo("Release payments@2.4.0 passed QA and needs approval: two CAB members.");
    assertThat(audience.people(cab)).contains("cab").doesNotContain("release-managers");
  }

  @Test
  void whatPeopleWroteIsEscapedInTheHtmlMail() {
    var rejected =
        new Occasion(
            Milestone.REJECTED,
            "payments@2.4.0",
            "pi-2",
            Map.of(
                SERVICE.getName(),
                "payments",
                REJECTED_BY.getName(),
                "carol",
                REJECTION_REASON.getName(),
                "<script>alert(1)</script> & not now"),
            null);
    Notice notice = notices.compose(rejected);

    assertThat(templates.html(notice))
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; not now")
        .doesNotContain("<script>");
    assertThat(templates.text(notice))
        .contains(
            "Release payments@2.4.0 was rejected by carol and goes back to " + "planning.",
            "Reason: <script>alert(1)</script> & not now",
            "Open the release in Cockpit: https://rd.example.com/camunda/app/cockpit/default/#/process-instance/pi-2");
  }

  @Test
  void anUnknownMilestoneIsRefusedWithTheOnesThereAre() {
    assertThatThrownBy(() -> Milestone.of("shipped"))
        .hasMessageStartingWith(
            "'shipped' is no milestone; notifications announce one of requested, planned, approvalNeeded");
  }
}
