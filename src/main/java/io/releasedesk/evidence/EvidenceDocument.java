package io.releasedesk.evidence;

import io.releasedesk.improvement.ActionItems;
import io.releasedesk.release.ApprovalRounds;
import io.releasedesk.release.Releases;
import io.releasedesk.timeline.ReleaseTimeline.Entry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a release's evidence pack as one Markdown document from what Release Desk already tells of it: its status
 * (facts and approval rounds), its timeline, its release notes and its action items. It tells them grouped by
 * subject, then the whole timeline in order; it derives nothing itself.
 */
final class EvidenceDocument {

  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final StringBuilder text = new StringBuilder();

  private EvidenceDocument() {}

  /**
   * @param notes the release notes in Markdown; null when the release has none (it ended before)
   */
  static String write(
      Releases.Status status,
      List<Entry> timeline,
      String notes,
      List<ActionItems.Item> actionItems,
      Instant frozenAt) {
    var document = new EvidenceDocument();
    document.head(status, frozenAt);
    document.section(
        "Request and plan",
        timeline,
        Set.of("requested", "proposed", "planned", "readiness", "dependencies", "freeze"));
    document.section("Risk", timeline, Set.of("risk"));
    document.section(
        "Quality assurance", timeline, Set.of("candidate", "qa", "gate", "override", "fix"));
    document.approvals(status.rounds(), timeline);
    document.section(
        "Deployments",
        timeline,
        Set.of("deployment", "health", "rollback", "review", "tag", "observation"));
    document.notes(notes);
    document.retrospective(timeline, actionItems);
    document.section("Outcome", timeline, Set.of("cancelled", "outcome"));
    document.line("## Timeline").line();
    document.entries(timeline);
    return document.text.toString();
  }

  private void head(Releases.Status status, Instant frozenAt) {
    line("# Evidence pack: " + status.releaseKey()).line();
    line(
        "Frozen at "
            + WHEN.format(frozenAt)
            + ", when the release ended ("
            + status.outcome()
            + "). Stored as it was then: later changes to the models or to the history do not alter"
            + " it.");
    line();
    line("| Fact | Value |").line("|---|---|");
    row("Release", status.releaseKey());
    row("Outcome", status.outcome());
    row("Started", when(status.startedAt()));
    row("Ended", when(status.endedAt()));
    for (Map.Entry<String, Object> fact : status.facts().entrySet()) {
      row(fact.getKey(), fact.getValue() instanceof Date date ? when(date) : fact.getValue());
    }
    line();
  }

  private void section(String title, List<Entry> timeline, Set<String> kinds) {
    line("## " + title).line();
    entries(timeline.stream().filter(entry -> kinds.contains(entry.kind())).toList());
  }

  private void approvals(List<ApprovalRounds.Round> rounds, List<Entry> timeline) {
    line("## Approvals").line();
    if (rounds.isEmpty()) {
      line("No approval round.").line();
    }
    for (ApprovalRounds.Round round : rounds) {
      line(
          "Round "
              + round.round()
              + ", opened "
              + when(round.startedAt())
              + ": "
              + (round.decision() == null ? "not decided" : round.decision())
              + (round.decidedAt() == null ? "" : " at " + when(round.decidedAt()))
              + (round.rule() == null ? "" : " by the rules (" + round.rule() + ")")
              + (round.redo() == null ? "" : "; redone after it: " + round.redo()));
      line();
      if (!round.decisions().isEmpty()) {
        line("| When | Who | Decision | Comment |").line("|---|---|---|---|");
        for (ApprovalRounds.Decision decision : round.decisions()) {
          line(
              "| "
                  + when(decision.at())
                  + " | "
                  + cell(decision.by() == null ? "the rules" : decision.by())
                  + " | "
                  + cell(decision.decision())
                  + " | "
                  + cell(decision.comment())
                  + " |");
        }
        line();
      }
    }
    line("### Refused self-approvals and comments").line();
    entries(
        timeline.stream()
            .filter(entry -> Set.of("refused", "comment").contains(entry.kind()))
            .toList());
  }

  private void notes(String notes) {
    line("## Release notes").line();
    if (notes == null) {
      line("None: the release ended before its notes were drafted.").line();
      return;
    }
    // the notes' own headings sit below this section's
    for (String noteLine : notes.strip().split("\n", -1)) {
      line(noteLine.startsWith("#") ? "##" + noteLine : noteLine);
    }
    line();
  }

  private void retrospective(List<Entry> timeline, List<ActionItems.Item> actionItems) {
    section("Retrospective", timeline, Set.of("retrospective"));
    line("### Action items").line();
    if (actionItems.isEmpty()) {
      line("None.").line();
      return;
    }
    line("| What | Owner | Due | State | Note |").line("|---|---|---|---|---|");
    for (ActionItems.Item item : actionItems) {
      line(
          "| "
              + cell(item.what())
              + " | "
              + cell(item.owner())
              + " | "
              + cell(item.due())
              + " | "
              + cell(item.state())
              + " | "
              + cell(item.note())
              + " |");
    }
    line();
  }

  private void entries(List<Entry> entries) {
    if (entries.isEmpty()) {
      line("Nothing recorded.").line();
      return;
    }
    line("| When | Who | What |").line("|---|---|---|");
    for (Entry entry : entries) {
      line(
          "| "
              + WHEN.format(entry.at())
              + " | "
              + cell(entry.who() == null ? "Release Desk" : entry.who())
              + " | "
              + cell(entry.what())
              + " |");
    }
    line();
  }

  private void row(String name, Object value) {
    line("| " + cell(name) + " | " + cell(value) + " |");
  }

  private EvidenceDocument line(String line) {
    text.append(line).append('\n');
    return this;
  }

  private EvidenceDocument line() {
    return line("");
  }

  private static String when(Date date) {
    return date == null ? "" : WHEN.format(date.toInstant());
  }

  /** A table cell: on one line, its bars escaped. */
  static String cell(Object value) {
    return value == null
        ? ""
        : value.toString().strip().replace("\r", "").replace("\n", " ").replace("|", "\\|");
  }
}
