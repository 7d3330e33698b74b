package io.releasedesk.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The release notes a reader downloads, as Markdown. */
class ReleaseNotesTest {

  /** payments 2.4.0: approved by two people, with migrations, customer-facing, after two candidates. */
  static ReleaseNotes approvedByPeople() {
    return ReleaseNotes.builder()
        .service("payments")
        .version("2.4.0")
        .repository("https://git.example.com/shop/payments.git")
        .releaseType("regular")
        .releasedOn(LocalDate.of(2026, 3, 24))
        .requestedBy("rita")
        .scopeSummary("  New checkout flow (PAY-101, PAY-107)\n")
        .hasDatabaseMigrations(true)
        .customerFacing(true)
        .riskLevel("high")
        .riskReason("Customer-facing change with database migrations")
        .approvedBy("carol, chris")
        .candidates(2)
        .testSummary("Regression suite green, exploratory done\n")
        .productionHealthReport("GET https://payments.example.com/health answered 200")
        .build();
  }

  /** The same release approved by the rules: internal, no migrations, one candidate. */
  static ReleaseNotes approvedAutomatically(String approvedBy) {
    return ReleaseNotes.builder()
        .service("payments")
        .version("2.4.1")
        .repository("git@git.example.com:shop/payments.git")
        .releaseType("hotfix")
        .releasedOn(LocalDate.of(2026, 4, 2))
        .scopeSummary("Fix rounding")
        .hasDatabaseMigrations(false)
        .customerFacing(false)
        .riskLevel("low")
        .riskReason("Routine change: small or internal, no database migrations")
        .approvedBy(approvedBy)
        .approvalRule("Risk rule Rule_Routine (risk-assessment version 1): Routine change")
        .candidates(1)
        .productionHealthReport("healthy")
        .build();
  }

  @Test
  void notesReadAsAWholeDocument() {
    assertThat(approvedByPeople().toMarkdown())
        .isEqualTo(
            """
        # payments 2.4.0

        Released 2026-03-24 · regular release · requested by rita

        ## Scope

        New checkout flow (PAY-101, PAY-107)

        ## Release facts

        - Repository: https://git.example.com/shop/payments.git
        - Risk: high (Customer-facing change with database migrations)
        - Approval: approved by carol, chris
        - Database migrations: yes
        - Customer-facing: yes
        - Release candidates: 2
        - Production health: GET https://payments.example.com/health answered 200

        ## Quality assurance

        Regression suite green, exploratory done
        """);
  }

  @Test
  void titleNamesServiceAndVersion() {
    assertThat(approvedByPeople().toMarkdown()).startsWith("# payments 2.4.0\n\n");
    assertThat(approvedAutomatically("").toMarkdown()).startsWith("# payments 2.4.1\n\n");
  }

  @Test
  void scopeIsShownWithoutSurroundingWhitespace() {
    assertThat(approvedByPeople().toMarkdown())
        .contains("## Scope\n\nNew checkout flow (PAY-101, PAY-107)\n\n## Release facts");
  }

  @Test
  void riskShowsLevelAndReason() {
    assertThat(approvedAutomatically("").toMarkdown())
        .contains("- Risk: low (Routine change: small or internal, no database migrations)\n");
  }

  @Test
  void peopleWhoApprovedAreNamed() {
    assertThat(approvedByPeople().toMarkdown())
        .contains("- Approval: approved by carol, chris\n")
        .doesNotContain("automatic");
  }

  @Test
  void anAutomaticApprovalNamesTheRuleThatAllowedIt() {
    String automatic =
        "- Approval: automatic, by Risk rule Rule_Routine (risk-assessment version 1): Routine change\n";

    assertThat(approvedAutomatically("").toMarkdown())
        .contains(automatic)
        .doesNotContain("approved by");
    assertThat(approvedAutomatically(null).toMarkdown()).contains(automatic);
    assertThat(approvedAutomatically("  ").toMarkdown()).contains(automatic);
  }

  @Test
  void migrationsAndCustomerFacingAreAnsweredYesOrNo() {
    assertThat(approvedByPeople().toMarkdown())
        .contains("- Database migrations: yes\n", "- Customer-facing: yes\n");
    assertThat(approvedAutomatically("").toMarkdown())
        .contains("- Database migrations: no\n", "- Customer-facing: no\n");
  }

  @Test
  void releaseLineSaysWhenWhatKindAndWhoRequested() {
    assertThat(approvedByPeople().toMarkdown())
        .contains("\nReleased 2026-03-24 · regular release · requested by rita\n");
  }

  @Test
  void anUnknownRequesterIsCalledUnknown() {
    assertThat(approvedAutomatically("").toMarkdown())
        .contains("\nReleased 2026-04-02 · hotfix release · requested by unknown\n");
  }

  @Test
  void qaSummaryEndsTheNotes() {
    assertThat(approvedByPeople().toMarkdown())
        .endsWith("## Quality assurance\n\nRegression suite green, exploratory done\n");
  }

  @Test
  void aMissingTestSummaryIsSaidSo() {
    assertThat(approvedAutomatically("").toMarkdown())
        .endsWith("## Quality assurance\n\nNo test summary was given.\n");
  }

  @Test
  void candidatesAndProductionHealthAreListed() {
    assertThat(approvedAutomatically("").toMarkdown())
        .contains("- Release candidates: 1\n", "- Production health: healthy\n");
  }

  @Test
  void theChangesFromTheCommitsFollowTheScope() {
    var base = approvedByPeople();
    var notes =
        base.toBuilder()
            .changes(
                "## Changes since `v2.3.0`\n\n1 commit up to `a1b2c3d`.\n\n### Features\n\n- checkout (`a1b2c3d`, Ann)\n")
            .build();

    assertThat(notes.toMarkdown())
        .contains(
            """
        ## Scope

        New checkout flow (PAY-101, PAY-107)

        ## Changes since `v2.3.0`

        1 commit up to `a1b2c3d`.

        ### Features

        - checkout (`a1b2c3d`, Ann)

        ## Release facts
        """);
  }
}
