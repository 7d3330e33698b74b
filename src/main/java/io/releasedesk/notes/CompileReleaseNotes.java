package io.releasedesk.notes;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_RULE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_NUMBER;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.PRODUCTION_HEALTH_REPORT;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDDEN_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_OVERRIDE_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.QUALITY_GATE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPOSITORY;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_RESULTS;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_RUN_URL;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;

import io.releasedesk.release.ReleaseProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.springframework.stereotype.Component;

/**
 * Writes the release notes from the plan, the changes drafted from the commits that ship, and what happened to the
 * release (the evidence QA signed off on among it), and stores them with the release as a Markdown file variable (Cockpit offers it for download;
 * {@code GET /api/releases/{key}/notes} returns it).
 */
@Component
public class CompileReleaseNotes implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    var notes =
        ReleaseNotes.builder()
            .service(SERVICE.from(execution).get())
            .version(VERSION.from(execution).get())
            .repository(REPOSITORY.from(execution).get())
            .releaseType(RELEASE_TYPE.from(execution).get())
            .releasedOn(
                LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneId.systemDefault()))
            .requestedBy(REQUESTED_BY.from(execution).getOrNull())
            .scopeSummary(SCOPE_SUMMARY.from(execution).get())
            .hasDatabaseMigrations(HAS_DATABASE_MIGRATIONS.from(execution).get())
            .customerFacing(CUSTOMER_FACING.from(execution).get())
            .riskLevel(RISK_LEVEL.from(execution).get())
            .riskReason(RISK_REASON.from(execution).get())
            .approvedBy(APPROVED_BY.from(execution).getOrNull())
            .approvalRule(APPROVAL_RULE.from(execution).getOrNull())
            .candidates(CANDIDATE_NUMBER.from(execution).getOrDefault(0))
            .testSummary(TEST_SUMMARY.from(execution).getOrNull())
            .productionHealthReport(PRODUCTION_HEALTH_REPORT.from(execution).getOrNull())
            .changes(changes(execution))
            .evidence(
                new ReleaseNotes.Evidence(
                    TEST_RESULTS.from(execution).getOrNull(),
                    TEST_RUN_URL.from(execution).getOrNull(),
                    QUALITY_GATE.from(execution).getOrNull(),
                    QUALITY_GATE_REASON.from(execution).getOrNull(),
                    QUALITY_GATE_OVERRIDDEN_BY.from(execution).getOrNull(),
                    QUALITY_GATE_OVERRIDDEN_AT.from(execution).getOrNull(),
                    QUALITY_GATE_OVERRIDE_JUSTIFICATION.from(execution).getOrNull()))
            .build();
    execution.setVariable(
        ReleaseProcess.Variables.RELEASE_NOTES,
        Variables.fileValue("release-notes-" + notes.service() + "-" + notes.version() + ".md")
            .file(notes.toMarkdown().getBytes(StandardCharsets.UTF_8))
            .mimeType("text/markdown")
            .encoding(StandardCharsets.UTF_8)
            .create());
  }

  /** The changes section drafted before approval, from the commits that ship; null for a release without one. */
  private static String changes(DelegateExecution execution) {
    if (!(execution.getVariableTyped(ReleaseProcess.Variables.RELEASE_CHANGES)
        instanceof FileValue file)) {
      return null;
    }
    try (InputStream content = file.getValue()) {
      return new String(content.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the drafted changes of the release", e);
    }
  }
}
