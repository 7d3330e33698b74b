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

  /** Notes built field by field; what is not set is empty (no changes section, no evidence, no candidates). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these notes, to change some of them. */
  public Builder toBuilder() {
    return new Builder()
        .service(service)
        .version(version)
        .repository(repository)
        .releaseType(releaseType)
        .releasedOn(releasedOn)
        .requestedBy(requestedBy)
        .scopeSummary(scopeSummary)
        .hasDatabaseMigrations(hasDatabaseMigrations)
        .customerFacing(customerFacing)
        .riskLevel(riskLevel)
        .riskReason(riskReason)
        .approvedBy(approvedBy)
        .approvalRule(approvalRule)
        .candidates(candidates)
        .testSummary(testSummary)
        .productionHealthReport(productionHealthReport)
        .changes(changes)
        .evidence(evidence);
  }

  /** Builds {@link ReleaseNotes}, one named field at a time. */
  public static final class Builder {
    private String service;
    private String version;
    private String repository;
    private String releaseType;
    private LocalDate releasedOn;
    private String requestedBy;
    private String scopeSummary;
    private boolean hasDatabaseMigrations;
    private boolean customerFacing;
    private String riskLevel;
    private String riskReason;
    private String approvedBy;
    private String approvalRule;
    private int candidates;
    private String testSummary;
    private String productionHealthReport;
    private String changes;
    private Evidence evidence = Evidence.NONE;

    private Builder() {}

    public Builder service(String service) {
      this.service = service;
      return this;
    }

    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public Builder repository(String repository) {
      this.repository = repository;
      return this;
    }

    public Builder releaseType(String releaseType) {
      this.releaseType = releaseType;
      return this;
    }

    public Builder releasedOn(LocalDate releasedOn) {
      this.releasedOn = releasedOn;
      return this;
    }

    public Builder requestedBy(String requestedBy) {
      this.requestedBy = requestedBy;
      return this;
    }

    public Builder scopeSummary(String scopeSummary) {
      this.scopeSummary = scopeSummary;
      return this;
    }

    public Builder hasDatabaseMigrations(boolean hasDatabaseMigrations) {
      this.hasDatabaseMigrations = hasDatabaseMigrations;
      return this;
    }

    public Builder customerFacing(boolean customerFacing) {
      this.customerFacing = customerFacing;
      return this;
    }

    public Builder riskLevel(String riskLevel) {
      this.riskLevel = riskLevel;
      return this;
    }

    public Builder riskReason(String riskReason) {
      this.riskReason = riskReason;
      return this;
    }

    public Builder approvedBy(String approvedBy) {
      this.approvedBy = approvedBy;
      return this;
    }

    public Builder approvalRule(String approvalRule) {
      this.approvalRule = approvalRule;
      return this;
    }

    public Builder candidates(int candidates) {
      this.candidates = candidates;
      return this;
    }

    public Builder testSummary(String testSummary) {
      this.testSummary = testSummary;
      return this;
    }

    public Builder productionHealthReport(String productionHealthReport) {
      this.productionHealthReport = productionHealthReport;
      return this;
    }

    public Builder changes(String changes) {
      this.changes = changes;
      return this;
    }

    public Builder evidence(Evidence evidence) {
      this.evidence = evidence;
      return this;
    }

    public ReleaseNotes build() {
      return new ReleaseNotes(
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
          evidence);
    }
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
