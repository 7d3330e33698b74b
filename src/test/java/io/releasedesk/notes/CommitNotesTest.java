package io.releasedesk.notes;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.versioning.ShippedCommits.Commit;
import io.releasedesk.versioning.ShippedCommits.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The changes section as readers see it: what a commit says is text, and a long list is cut where asked. */
class CommitNotesTest {

  static final String SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

  static ServiceDefinition payments(String issueLink) {
    return ServiceDefinition.builder("payments", "https://git.example.com/shop/payments.git")
        .issueLink(issueLink)
        .owners("rita")
        .build();
  }

  static Commit commit(int number, String message) {
    return new Commit(String.format("%07x", number) + SHA.substring(7), "Devon Developer", message);
  }

  @Test
  void whatACommitSaysIsTextNotMarkupAndWithoutATemplateIssuesStayText() {
    var range =
        new Range(
            "v2.3.0",
            SHA,
            List.of(
                commit(
                    1,
                    "fix: <script>alert(1)</script> in `name` [x](javascript:y) for PAY-7 and #8")),
            0);

    String notes = CommitNotes.markdown(range, payments(null));

    assertThat(notes)
        .contains(
            "- \\<script\\>alert(1)\\</script\\> in \\`name\\` \\[x\\](javascript:y) for PAY-7 "
                + "and #8 (`0000001`, Devon Developer)");
  }

  @Test
  void nothingSinceTheLastReleaseIsSaid() {
    assertThat(CommitNotes.markdown(new Range("v2.3.0", SHA, List.of(), 0), payments(null)))
        .isEqualTo("## Changes since `v2.3.0`\n\nNo commits up to `a1b2c3d`.\n");
  }

  @Test
  void aListTooLongForItsPlaceKeepsTheFirstGroupsAndSaysHowManyMoreThereAre() {
    var commits = new ArrayList<Commit>();
    commits.add(commit(0, "feat!: the one breaking change"));
    IntStream.rangeClosed(1, 30)
        .forEach(i -> commits.add(commit(i, "feat: feature number " + i + " (PAY-" + i + ")")));
    IntStream.rangeClosed(31, 200).forEach(i -> commits.add(commit(i, "chore: housekeeping " + i)));
    var range = new Range("v2.3.0", SHA, commits, 0);
    var service = payments("https://jira.example.com/browse/{id}");

    String whole = CommitNotes.markdown(range, service);
    String cut = CommitNotes.markdown(range, service, 4000, "in the release notes");

    assertThat(whole).hasSizeGreaterThan(4000).contains("housekeeping 200");
    assertThat(cut)
        .hasSizeLessThanOrEqualTo(4000)
        .startsWith("## Changes since `v2.3.0`\n\n201 commits up to `a1b2c3d`.")
        .contains(
            "### Breaking changes", "the one breaking change", "feature number 30", "### Other")
        .doesNotContain("housekeeping 200")
        .containsPattern("\n…and \\d+ more commits, listed in full in the release notes\\.\n$");
    int shown = (int) cut.lines().filter(line -> line.startsWith("- ")).count();
    assertThat(cut)
        .endsWith(
            "…and " + (201 - shown) + " more commits, listed in full in the release notes.\n");
    assertThat(CommitNotes.markdown(range, service, 100_000, "x")).isEqualTo(whole);
  }
}
