package io.releasedesk.deployment;

import static io.releasedesk.deployment.DeploymentProcess.Variables.COMMIT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.DEPLOYMENT_CONTEXT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.DEPLOYMENT_WARNING;
import static io.releasedesk.deployment.DeploymentProcess.Variables.ENVIRONMENT;
import static io.releasedesk.deployment.DeploymentProcess.Variables.SERVICE;
import static io.releasedesk.deployment.DeploymentProcess.Variables.VERSION;

import io.releasedesk.calendar.FreezeWindow;
import io.releasedesk.calendar.FreezeWindows;
import io.releasedesk.release.ReleaseProcess;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * When "Deploy manually and confirm" opens, tells the operator what they deploy and whether now is a good moment: the
 * release and its candidate, the commit, database migrations, customer impact, the risk and who approved it (from the
 * release that called the deployment), and a warning when production is deployed before the release's target date or
 * inside a freeze window of the service. Both are the task's own variables, shown read-only by the form.
 */
@Component
public class DescribeDeployment implements TaskListener {

  static final String PRODUCTION = "production";

  private final FreezeWindows freezeWindows;

  public DescribeDeployment(FreezeWindows freezeWindows) {
    this.freezeWindows = freezeWindows;
  }

  @Override
  public void notify(DelegateTask task) {
    DelegateExecution release = task.getExecution().getProcessInstance().getSuperExecution();
    var lines = new ArrayList<String>();
    // staging gets the candidate's version, production the release's; the release knows both
    String what =
        release == null
            ? VERSION.from(task).getOrNull()
            : ReleaseProcess.Variables.VERSION.from(release).getOrNull()
                + ", candidate "
                + ReleaseProcess.Variables.CANDIDATE_VERSION.from(release).getOrNull();
    lines.add(
        "- **Deploys** "
            + SERVICE.from(task).getOrNull()
            + " "
            + what
            + ", commit `"
            + COMMIT.from(task).getOrNull()
            + "`");
    if (release != null) {
      lines.add(
          "- **Database migrations:** "
              + yesNo(ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS.from(release).getOrNull())
              + " · **Customer-facing:** "
              + yesNo(ReleaseProcess.Variables.CUSTOMER_FACING.from(release).getOrNull()));
      lines.add(
          "- **Risk:** "
              + ReleaseProcess.Variables.RISK_LEVEL.from(release).getOrNull()
              + " ("
              + ReleaseProcess.Variables.RISK_REASON.from(release).getOrNull()
              + ")");
      lines.add("- **Approved by:** " + approvedBy(release));
      lines.add(
          "- **Target date:** " + ReleaseProcess.Variables.TARGET_DATE.from(release).getOrNull());
    }
    task.setVariableLocal(DEPLOYMENT_CONTEXT.getName(), String.join("\n", lines));
    task.setVariableLocal(
        DEPLOYMENT_WARNING.getName(),
        PRODUCTION.equals(ENVIRONMENT.from(task).getOrNull()) ? warning(task, release) : null);
  }

  private static String yesNo(Boolean value) {
    return Boolean.TRUE.equals(value) ? "yes" : "no";
  }

  /** The approvers, or the risk rule that approved it automatically. */
  private static String approvedBy(DelegateExecution release) {
    String approvers = ReleaseProcess.Variables.APPROVED_BY.from(release).getOrNull();
    if (approvers != null && !approvers.isBlank()) {
      return approvers;
    }
    String rule = ReleaseProcess.Variables.APPROVAL_RULE.from(release).getOrNull();
    return rule == null ? "nobody yet" : "approved automatically, " + rule;
  }

  private String warning(DelegateTask task, DelegateExecution release) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    var warnings = new ArrayList<String>();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate targetDate =
        release == null
            ? null
            : day(ReleaseProcess.Variables.TARGET_DATE.from(release).getOrNull());
    if (targetDate != null && today.isBefore(targetDate)) {
      warnings.add("Today (" + today + ") is before the release's target date " + targetDate + ".");
    }
    FreezeWindow.latestEndingAt(freezeWindows.applyingTo(SERVICE.from(task).get()), now)
        .ifPresent(
            freeze ->
                warnings.add(
                    "Production is inside the freeze window \""
                        + freeze.window().reason()
                        + "\" until "
                        + freeze.end()
                        + (release != null
                                && Boolean.TRUE.equals(
                                    ReleaseProcess.Variables.FREEZE_EXCEPTION_APPROVED
                                        .from(release)
                                        .getOrNull())
                            ? ", deployed on an approved emergency exception."
                            : ".")));
    return warnings.isEmpty() ? null : String.join(" ", warnings);
  }

  /** The day of a target date ({@code 2026-12-10}, or a date-time whose day counts); null if it has none. */
  private static LocalDate day(String text) {
    if (text == null || text.length() < 10) {
      return null;
    }
    try {
      return LocalDate.parse(text.substring(0, 10));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
