package io.releasedesk.notes;

import java.time.LocalDate;

/**
 * What the release notes of one release say.
 *
 * @param approvedBy the people who approved, comma separated; blank when the rules approved it
 * @param approvalRule for an automatic approval, the rule that allowed it
 * @param candidates how many release candidates it took
 * @param changes the changes section written from the commits it ships (Markdown), null when there is none
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
    String changes) {

  /** Notes without a changes section. */
  public ReleaseNotes(String service, String version, String repository, String releaseType, LocalDate releasedOn,
      String requestedBy, String scopeSummary, boolean hasDatabaseMigrations, boolean customerFacing, String riskLevel,
      String riskReason, String approvedBy, String approvalRule, int candidates, String testSummary,
      String productionHealthReport) {
    this(service, version, repository, releaseType, releasedOn, requestedBy, scopeSummary, hasDatabaseMigrations,
        customerFacing, riskLevel, riskReason, approvedBy, approvalRule, candidates, testSummary,
        productionHealthReport, null);
  }

  /** The notes as Markdown. */
  public String toMarkdown() {
    var md = new StringBuilder();
    md.append("# ").append(service).append(' ').append(version).append("\n\n");
    md.append("Released ").append(releasedOn).append(" · ").append(releaseType).append(" release · requested by ")
        .append(requestedBy == null ? "unknown" : requestedBy).append("\n\n");
    md.append("## Scope\n\n").append(scopeSummary.strip()).append("\n\n");
    if (changes != null && !changes.isBlank()) {
      md.append(changes.strip()).append("\n\n");
    }
    md.append("## Release facts\n\n");
    md.append("- Repository: ").append(repository).append('\n');
    md.append("- Risk: ").append(riskLevel).append(" (").append(riskReason).append(")\n");
    md.append("- Approval: ").append(approvedBy == null || approvedBy.isBlank()
        ? "automatic, by " + approvalRule
        : "approved by " + approvedBy).append('\n');
    md.append("- Database migrations: ").append(hasDatabaseMigrations ? "yes" : "no").append('\n');
    md.append("- Customer-facing: ").append(customerFacing ? "yes" : "no").append('\n');
    md.append("- Release candidates: ").append(candidates).append('\n');
    md.append("- Production health: ").append(productionHealthReport == null ? "not recorded" : productionHealthReport)
        .append("\n\n");
    md.append("## Quality assurance\n\n")
        .append(testSummary == null || testSummary.isBlank() ? "No test summary was given." : testSummary.strip())
        .append('\n');
    return md.toString();
  }
}
