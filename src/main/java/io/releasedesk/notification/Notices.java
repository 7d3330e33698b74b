package io.releasedesk.notification;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_RULE;
import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLATION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.CANCELLED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPLOYMENT_FAILURE;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.REJECTION_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.RISK_LEVEL;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;

import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.release.ReleaseProcess.Variables;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Writes what a milestone means for a release: subject, headline, the facts that matter, and where to look. */
@Component
public class Notices {

  /** Not a process variable: the approvers' comments of the round, which the engine keeps as comments. */
  public static final String APPROVAL_COMMENTS = "approvalComments";

  private static final DateTimeFormatter DUE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final String baseUrl;

  public Notices(NotificationProperties properties) {
    this.baseUrl = properties.baseUrl();
  }

  public Notice compose(Occasion occasion) {
    String release = occasion.releaseKey();
    String environment = occasion.text(DeploymentProcess.Variables.ENVIRONMENT.getName());
    String deployedVersion = occasion.text(DeploymentProcess.Variables.VERSION.getName());
    var details = new LinkedHashMap<String, String>();
    String subject;
    String headline;
    switch (occasion.milestone()) {
      case REQUESTED -> {
        subject = release + " requested";
        headline =
            "Release "
                + release
                + " was requested by "
                + or(occasion.text(REQUESTED_BY.getName()))
                + ".";
        put(details, "Type", occasion.text(RELEASE_TYPE.getName()));
        put(details, "Scope", occasion.text(SCOPE_SUMMARY.getName()));
        put(details, "Target date", occasion.text(TARGET_DATE.getName()));
      }
      case PLANNED -> {
        subject = release + " planned for " + or(occasion.text(TARGET_DATE.getName()));
        headline =
            "Release "
                + release
                + " is planned for "
                + or(occasion.text(TARGET_DATE.getName()))
                + ".";
        put(details, "Scope", occasion.text(SCOPE_SUMMARY.getName()));
        put(details, "Stakeholders", occasion.text(Variables.STAKEHOLDERS.getName()));
      }
      case APPROVAL_NEEDED -> {
        subject = release + " needs approval";
        headline =
            "Release " + release + " passed QA and needs approval: " + approvers(occasion) + ".";
        put(details, "Risk", occasion.text(RISK_LEVEL.getName()));
        put(details, "Requested by", occasion.text(REQUESTED_BY.getName()));
      }
      case APPROVED -> {
        String rule = occasion.text(APPROVAL_RULE.getName());
        String by = occasion.text(APPROVED_BY.getName());
        subject = release + " approved";
        headline =
            "Release "
                + release
                + " was approved "
                + (by != null ? "by " + by : rule != null ? "by the rules" : "")
                + ".";
        put(details, "Rule", rule);
        put(details, "Comment", occasion.text(APPROVAL_COMMENTS));
      }
      case REJECTED -> {
        subject = release + " rejected";
        headline =
            "Release "
                + release
                + " was rejected by "
                + or(occasion.text(REJECTED_BY.getName()))
                + " and goes back to planning.";
        put(details, "Reason", occasion.text(REJECTION_REASON.getName()));
      }
      case DEPLOYING -> {
        subject = release + " deploying " + or(deployedVersion) + " to " + or(environment);
        headline =
            "Version "
                + or(deployedVersion)
                + " of "
                + release
                + " is being deployed to "
                + or(environment)
                + ".";
      }
      case DEPLOYED -> {
        subject = release + " deployed to " + or(environment) + " and healthy";
        headline =
            "Version "
                + or(deployedVersion)
                + " of "
                + release
                + " runs in "
                + or(environment)
                + " and is healthy.";
        put(details, "Health", occasion.text(DeploymentProcess.Variables.HEALTH_REPORT.getName()));
      }
      case DEPLOYMENT_FAILED -> {
        subject = release + " deployment to " + or(environment) + " failed";
        headline =
            "The deployment of version "
                + or(deployedVersion)
                + " of "
                + release
                + " to "
                + or(environment)
                + " failed; it is being rolled back.";
        put(details, "Why", occasion.text(DEPLOYMENT_FAILURE.getName()));
      }
      case ROLLED_BACK -> {
        subject = release + " rolled back in " + or(environment);
        headline =
            "Version "
                + or(deployedVersion)
                + " of "
                + release
                + " was rolled back in "
                + or(environment)
                + "; operations review the failed deployment.";
        put(details, "Why", occasion.text(DEPLOYMENT_FAILURE.getName()));
        put(
            details,
            "Roll-back",
            occasion.text(DeploymentProcess.Variables.ROLLBACK_STATUS.getName()));
      }
      case CANCELLED -> {
        subject = release + " cancelled";
        headline =
            "Release "
                + release
                + " was cancelled by "
                + or(occasion.text(CANCELLED_BY.getName()))
                + ".";
        put(details, "Reason", occasion.text(CANCELLATION_REASON.getName()));
      }
      case RETROSPECTIVE_DUE -> {
        subject = release + " retrospective due";
        headline =
            "Release "
                + release
                + " has been watched in production long enough: its retrospective is due.";
      }
      case COMPLETED -> {
        subject = release + " completed";
        headline =
            "Release "
                + release
                + " is completed: in production, release notes written, retrospective held.";
        put(details, "Release tag", occasion.text(Variables.RELEASE_TAG.getName()));
      }
      case REMINDER -> {
        var task = occasion.task();
        subject = release + ": your turn — " + task.name();
        headline =
            "It is your turn: \""
                + task.name()
                + "\" of release "
                + release
                + " is due"
                + (task.due() == null ? "" : " " + DUE.format(task.due().toInstant()))
                + ".";
        put(details, "Waiting for", waitingFor(task));
      }
      case ESCALATION -> {
        var task = occasion.task();
        subject = release + " overdue: " + task.name();
        headline =
            "\""
                + task.name()
                + "\" of release "
                + release
                + " is overdue"
                + (task.due() == null ? "" : " (due " + DUE.format(task.due().toInstant()) + ")")
                + ".";
        put(details, "Waiting for", waitingFor(task));
      }
      default -> throw new IllegalStateException("No notice for " + occasion.milestone());
    }
    if (occasion.task() != null) {
      return new Notice(
          subject,
          headline,
          details,
          "Open the task in Tasklist",
          baseUrl + "/camunda/app/tasklist/default/#/?task=" + occasion.task().id());
    }
    return new Notice(
        subject,
        headline,
        details,
        "Open the release in Cockpit",
        baseUrl + "/camunda/app/cockpit/default/#/process-instance/" + occasion.releaseId());
  }

  private static String approvers(Occasion occasion) {
    String policy = occasion.text(Variables.APPROVAL_POLICY.getName());
    return switch (policy == null ? "" : policy) {
      case "cab" -> "two CAB members";
      case "release-manager" -> "a release manager who did not request it";
      case "automatic" -> "the rules approve it";
      default -> "by the approval rules";
    };
  }

  private static String waitingFor(Occasion.OpenTask task) {
    if (task.assignee() != null) {
      return task.assignee();
    }
    var who = new java.util.ArrayList<String>(task.candidateUsers());
    task.candidateGroups().forEach(group -> who.add("group " + group));
    return who.isEmpty() ? "nobody named" : String.join(", ", who);
  }

  private static String or(String value) {
    return value == null ? "(not set)" : value;
  }

  private static void put(Map<String, String> details, String label, String value) {
    if (value != null) {
      details.put(label, value);
    }
  }
}
