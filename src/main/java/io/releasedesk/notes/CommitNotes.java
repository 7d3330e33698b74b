package io.releasedesk.notes;

import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.versioning.ConventionalCommit;
import io.releasedesk.versioning.ShippedCommits.Commit;
import io.releasedesk.versioning.ShippedCommits.Range;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The changes section of the release notes, written from the commits a release ships: grouped into breaking changes,
 * features, fixes and the rest, each entry with its short sha and author, and issue references ({@code ABC-123},
 * {@code #123}) turned into links by the service's issue-link template.
 */
public final class CommitNotes {

  /** The groups, in the order the notes show them. */
  enum Group {
    BREAKING("Breaking changes"),
    FEATURES("Features"),
    FIXES("Fixes"),
    OTHER("Other");

    final String heading;

    Group(String heading) {
      this.heading = heading;
    }

    static Group of(ConventionalCommit commit) {
      if (commit.breaking()) {
        return BREAKING;
      }
      if ("feat".equals(commit.type())) {
        return FEATURES;
      }
      return "fix".equals(commit.type()) ? FIXES : OTHER;
    }
  }

  private record Entry(Group group, String line) {}

  /** Characters that mean something in Markdown, escaped in what a commit says. */
  private static final Pattern MARKDOWN = Pattern.compile("[\\\\`*_\\[\\]<>]");

  /** {@code ABC-123}: a project key of capitals and digits, a dash, a number. */
  private static final Pattern KEYED_ISSUE =
      Pattern.compile("(?<![\\w/-])([A-Z][A-Z0-9]+-[0-9]+)(?![\\w-])");

  /** {@code #123}. */
  private static final Pattern NUMBERED_ISSUE = Pattern.compile("(?<![\\w&#/])#([0-9]+)(?!\\w)");

  private CommitNotes() {}

  /** The whole changes section. */
  public static String markdown(Range range, ServiceDefinition service) {
    return markdown(range, service, Integer.MAX_VALUE, "");
  }

  /**
   * The changes section in at most {@code maxLength} characters: when all entries do not fit, the last ones (of the
   * last groups) give way to a line saying how many more there are and {@code fullListAt}.
   */
  public static String markdown(
      Range range, ServiceDefinition service, int maxLength, String fullListAt) {
    List<Entry> entries = entries(range, service);
    String all = render(range, service, entries, entries.size(), fullListAt);
    if (all.length() <= maxLength) {
      return all;
    }
    // the more entries, the longer: the greatest number that fits
    int fits = 0;
    int tooMany = entries.size();
    while (tooMany - fits > 1) {
      int middle = (fits + tooMany) >>> 1;
      if (render(range, service, entries, middle, fullListAt).length() <= maxLength) {
        fits = middle;
      } else {
        tooMany = middle;
      }
    }
    String shortest = render(range, service, entries, fits, fullListAt);
    return shortest.length() <= maxLength ? shortest : shortest.substring(0, maxLength - 1) + "…";
  }

  private static String render(
      Range range, ServiceDefinition service, List<Entry> entries, int kept, String fullListAt) {
    var md = new StringBuilder();
    String under = service.path() == null ? "" : " under `" + service.path() + "`";
    String upTo = "`" + range.sha().substring(0, 7) + "`";
    if (range.lastReleaseTag() == null) {
      md.append("## Changes\n\nNo release tag yet: every commit up to ")
          .append(upTo)
          .append(under)
          .append('.');
    } else {
      md.append("## Changes since `").append(range.lastReleaseTag()).append("`\n\n");
      int count = range.commits().size();
      md.append(count == 0 ? "No commits" : count == 1 ? "1 commit" : count + " commits")
          .append(" up to ")
          .append(upTo)
          .append(under)
          .append('.');
    }
    if (range.reverted() > 0) {
      md.append(" Left out: ")
          .append(range.reverted())
          .append(" commits reverted within the release (each commit with its revert).");
    }
    md.append('\n');
    Map<Group, List<String>> groups = new LinkedHashMap<>();
    entries
        .subList(0, kept)
        .forEach(
            entry ->
                groups
                    .computeIfAbsent(entry.group(), group -> new ArrayList<>())
                    .add(entry.line()));
    groups.forEach(
        (group, lines) -> {
          md.append("\n### ").append(group.heading).append("\n\n");
          lines.forEach(line -> md.append("- ").append(line).append('\n'));
        });
    if (kept < entries.size()) {
      int more = entries.size() - kept;
      md.append("\n…and ")
          .append(more)
          .append(more == 1 ? " more commit" : " more commits")
          .append(fullListAt.isEmpty() ? "" : ", listed in full " + fullListAt)
          .append(".\n");
    }
    return md.toString();
  }

  /** The entries in the order of the notes: by group, newest first within each. */
  private static List<Entry> entries(Range range, ServiceDefinition service) {
    var entries = new ArrayList<Entry>();
    for (Group group : Group.values()) {
      for (Commit commit : range.commits()) {
        ConventionalCommit message = commit.conventional();
        if (Group.of(message) == group) {
          entries.add(new Entry(group, line(commit, message, group, service)));
        }
      }
    }
    return entries;
  }

  private static String line(
      Commit commit, ConventionalCommit message, Group group, ServiceDefinition service) {
    var line = new StringBuilder();
    if (group == Group.OTHER && message.isConventional()) {
      line.append(message.type())
          .append(message.scope() == null ? "" : "(" + text(message.scope(), service) + ")")
          .append(": ");
    } else if (message.scope() != null && !message.scope().isBlank()) {
      line.append("**").append(text(message.scope(), service)).append(":** ");
    }
    line.append(text(message.subject(), service));
    String note =
        group == Group.BREAKING ? ConventionalCommit.breakingNote(commit.message()) : null;
    if (note != null) {
      line.append(" — ").append(text(note, service));
    }
    line.append(" (`")
        .append(commit.shortSha())
        .append("`, ")
        .append(escape(commit.author()))
        .append(')');
    return line.toString();
  }

  /** What a commit says, as Markdown text, with its issue references as links. */
  static String text(String said, ServiceDefinition service) {
    String text = escape(said);
    if (service.issueLink() == null) {
      return text;
    }
    text = link(KEYED_ISSUE, text, service, "");
    return link(NUMBERED_ISSUE, text, service, "#");
  }

  private static String link(Pattern issue, String text, ServiceDefinition service, String prefix) {
    Matcher matcher = issue.matcher(text);
    var linked = new StringBuilder();
    while (matcher.find()) {
      String id = matcher.group(1);
      String url = service.issueLinkOf(id).replace("(", "%28").replace(")", "%29");
      matcher.appendReplacement(
          linked, Matcher.quoteReplacement("[" + prefix + id + "](" + url + ")"));
    }
    matcher.appendTail(linked);
    return linked.toString();
  }

  private static String escape(String text) {
    return MARKDOWN.matcher(text == null ? "" : text.strip()).replaceAll("\\\\$0");
  }
}
