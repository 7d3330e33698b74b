package io.releasedesk.notes;

import java.time.LocalDate;

/**
 * What the release notes of one release say.
 *
 * @param approvedBy the people who approved, comma separated; blank when the rules approved it
 * @param approvalRule for an automatic approval, the rule that allowed it
 * @param candidates how many release candidates it took
 * @param changes the changes section written from the commits it ships (Markdown), null when there is none
 * @param evidence what CI and the quality gate said of the candidate that ships, and QA's override of a fail
 */
public record ReleaseNotes(
    String service,
    String version,
    String repository,
    String releaseType,
    LocalDate releasedOn,
    String requestedBy,
    String scopeSummary,
    boolean hasDatabaseMigrations,
    boolean customerFacing,
    String riskLevel,
    String riskReason,
    String approvedBy,
    String approvalRule,
    int candidates,
    String testSummary,
    String productionHealthReport,
    String changes,
    Evidence evidence) {

  /**
   * The evidence QA signed off on.
   *
   * @param testResults one line: the counts, pass rate and coverage, or that QA verified by hand without results
   * @param testRunUrl the CI run; null when CI named none
   * @param verdict the quality gate's {@code pass}, {@code review} or {@code fail}; null without results
   * @param overriddenBy who in QA sent the candidate to verification although the gate failed it; null if nobody
   * @param overriddenAt when (ISO-8601 instant)
   */
  public record Evidence(
      String testResults,
      String testRunUrl,
      String verdict,
      String reason,
      String overriddenBy,
      String overriddenAt,
      String overrideJustification) {

    public static final Evidence NONE = new Evidence(null, null, null, null, null, null, null);

    boolean isEmpty() {
      return blank(testResults) && blank(testRunUrl) && blank(verdict);
    }
  }

  /** Notes without the quality gate's evidence. */
  public ReleaseNotes(
      String service,
      String version,
      String repository,
      String releaseType,
      LocalDate releasedOn,
      String requestedBy,
      String scopeSummary,
      boolean hasDatabaseMigrations,
      boolean customerFacing,
      String riskLevel,
      String riskReason,
      String approvedBy,
      String approvalRule,
      int candidates,
      String testSummary,
      String productionHealthReport,
      String changes) {
    this(
        service,
        version,
        repository,
        releaseType,
        releasedOn,
        requestedBy,
        scopeSummary,
        hasDatabaseMigrations,
        customerFacing,
        riskLevel,
        riskReason,
        approvedBy,
        approvalRule,
        candidates,
        testSummary,
        productionHealthReport,
        changes,
        Evidence.NONE);
  }

  /** Notes without a changes section. */
  public ReleaseNotes(
      String service,
      String version,
      String repository,
      String releaseType,
      LocalDate releasedOn,
      String requestedBy,
      String scopeSummary,
      boolean hasDatabaseMigrations,
      boolean customerFacing,
      String riskLevel,
      String riskReason,
      String approvedBy,
      String approvalRule,
      int candidates,
      String testSummary,
      String productionHealthReport) {
    this(
        service,
        version,
        repository,
        releaseType,
        releasedOn,
        requestedBy,
        scopeSummary,
        hasDatabaseMigrations,
        customerFacing,
        riskLevel,
        riskReason,
        approvedBy,
        approvalRule,
        candidates,
        testSummary,
        productionHealthReport,
        null,
        Evidence.NONE);
  }

  /** The notes as Markdown. */
  public String toMarkdown() {
    var md = new StringBuilder();
    md.append("# ").append(service).append(' ').append(version).append("\n\n");
    md.append("Released ")
        .append(releasedOn)
        .append(" · ")
        .append(releaseType)
        .append(" release · requested by ")
        .append(requestedBy == null ? "unknown" : requestedBy)
        .append("\n\n");
    md.append("## Scope\n\n").append(scopeSummary.strip()).append("\n\n");
    if (changes != null && !changes.isBlank()) {
      md.append(changes.strip()).append("\n\n");
    }
    md.append("## Release facts\n\n");
    md.append("- Repository: ").append(repository).append('\n');
    md.append("- Risk: ").append(riskLevel).append(" (").append(riskReason).append(")\n");
    md.append("- Approval: ")
        .append(
            approvedBy == null || approvedBy.isBlank()
                ? "automatic, by " + approvalRule
                : "approved by " + approvedBy)
        .append('\n');
    md.append("- Database migrations: ").append(hasDatabaseMigrations ? "yes" : "no").append('\n');
    md.append("- Customer-facing: ").append(customerFacing ? "yes" : "no").append('\n');
    md.append("- Release candidates: ").append(candidates).append('\n');
    md.append("- Production health: ")
        .append(productionHealthReport == null ? "not recorded" : productionHealthReport)
        .append("\n\n");
    md.append("## Quality assurance\n\n")
        .append(
            testSummary == null || testSummary.isBlank()
                ? "No test summary was given."
                : testSummary.strip())
        .append('\n');
    if (evidence != null && !evidence.isEmpty()) {
      md.append('\n');
      if (!blank(evidence.testResults())) {
        md.append("- Test results: ").append(evidence.testResults().strip()).append('\n');
      }
      if (!blank(evidence.testRunUrl())) {
        md.append("- CI run: ").append(evidence.testRunUrl().strip()).append('\n');
      }
      if (!blank(evidence.verdict())) {
        md.append("- Quality gate: ")
            .append(evidence.verdict())
            .append(blank(evidence.reason()) ? "" : " (" + evidence.reason().strip() + ")");
        if (!blank(evidence.overriddenBy())) {
          md.append("; overridden by QA: ")
              .append(evidence.overriddenBy())
              .append(" sent the candidate to " + "verification on ")
              .append(evidence.overriddenAt())
              .append(": ")
              .append(evidence.overrideJustification().strip().replace('\n', ' '));
        }
        md.append('\n');
      }
    }
    return md.toString();
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
