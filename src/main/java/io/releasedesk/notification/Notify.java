package io.releasedesk.notification;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.NOTIFICATION_FAILURES;

import io.releasedesk.notification.Deliveries.DeliveryKey;
import io.releasedesk.notification.Notifications.NotificationFailedException;
import io.releasedesk.notification.Occasion.OpenTask;
import io.releasedesk.release.ReleaseProcess.Elements;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Announces a milestone of a release ({@code ${notify}}, input parameter {@code milestone}, and {@code task} for a
 * reminder or escalation). Runs after the step before it committed (the models make it asynchronous, with retries).
 * A notification never holds a release: when the last attempt still fails, the failure is recorded on the release
 * ({@code notificationFailures}) and one WARN line logged, and the release goes on.
 */
@Component("notify")
public class Notify implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(Notify.class);

  /** What the engine's text column holds. */
  private static final int MAX_TEXT = 4000;

  private final Notifications notifications;

  public Notify(Notifications notifications) {
    this.notifications = notifications;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Milestone milestone =
        Milestone.of((String) execution.getVariableLocal(Milestone.MILESTONE_PARAMETER));
    // the release itself, also from a deployment it called
    DelegateExecution release = execution.getProcessInstance();
    while (release.getSuperExecution() != null) {
      release = release.getSuperExecution().getProcessInstance();
    }
    Map<String, Object> variables = new HashMap<>(release.getVariables());
    variables.putAll(execution.getVariables());
    OpenTask task =
        milestone.aboutATask()
            ? openTask(execution, (String) execution.getVariableLocal(Milestone.TASK_PARAMETER))
            : null;
    if (milestone == Milestone.APPROVED) {
      variables.put(
          Notices.APPROVAL_COMMENTS,
          approvalComments(release, APPROVED_BY.from(release).getOrNull()));
    }
    String releaseKey = release.getProcessBusinessKey();
    var occasion =
        new Occasion(milestone, releaseKey, release.getProcessInstanceId(), variables, task);
    var key =
        new DeliveryKey(
            execution.getProcessInstanceId(),
            execution.getCurrentActivityId(),
            round(execution),
            releaseKey,
            milestone);
    try {
      notifications.announce(occasion, key);
    } catch (NotificationFailedException e) {
      if (!lastAttempt()) {
        throw e;
      }
      String failures = NOTIFICATION_FAILURES.from(release).getOrNull();
      String line = Instant.now() + " " + e.getMessage();
      String all = failures == null ? line : failures + "\n" + line;
      NOTIFICATION_FAILURES
          .on(release)
          .set(all.length() > MAX_TEXT ? all.substring(all.length() - MAX_TEXT) : all);
      LOG.warn("Notification not sent, the release goes on: {}", e.getMessage());
    }
  }

  /** The passages of this step in its process before this one, plus one: the same when the job is retried. */
  private static int round(DelegateExecution execution) {
    return (int)
            execution
                .getProcessEngineServices()
                .getHistoryService()
                .createHistoricActivityInstanceQuery()
                .processInstanceId(execution.getProcessInstanceId())
                .activityId(execution.getCurrentActivityId())
                .finished()
                .count()
        + 1;
  }

  /** Whether a failure now would be the job's last (or the step runs without a job, so nothing would retry it). */
  private static boolean lastAttempt() {
    JobEntity job =
        Context.getCommandContext() == null ? null : Context.getCommandContext().getCurrentJob();
    return job == null || job.getRetries() <= 1;
  }

  private static OpenTask openTask(DelegateExecution execution, String taskKey) {
    if (taskKey == null || taskKey.isBlank()) {
      throw new IllegalStateException(
          execution.getCurrentActivityId() + " needs the input parameter 'task'");
    }
    var tasks = execution.getProcessEngineServices().getTaskService();
    Task task =
        tasks
            .createTaskQuery()
            .processInstanceId(execution.getProcessInstanceId())
            .taskDefinitionKey(taskKey)
            .listPage(0, 1)
            .stream()
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No open task " + taskKey + " in " + execution.getProcessBusinessKey()));
    List<IdentityLink> links = tasks.getIdentityLinksForTask(task.getId());
    return new OpenTask(
        task.getId(),
        task.getName(),
        task.getAssignee(),
        links.stream()
            .filter(
                link ->
                    IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getUserId() != null)
            .map(IdentityLink::getUserId)
            .toList(),
        links.stream()
            .filter(
                link ->
                    IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
            .map(IdentityLink::getGroupId)
            .toList(),
        task.getDueDate());
  }

  /** What the approvers of the round wrote on their approval form, newest first, each with who wrote it. */
  private static String approvalComments(DelegateExecution release, String approvedBy) {
    if (approvedBy == null) {
      return null;
    }
    int approvers = Audience.split(approvedBy).size();
    var history = release.getProcessEngineServices().getHistoryService();
    var comments = new ArrayList<String>();
    history
        .createHistoricTaskInstanceQuery()
        .processInstanceId(release.getProcessInstanceId())
        .finished()
        .taskDefinitionKeyIn(
            Elements.TASK_APPROVE_AS_RELEASE_MANAGER, Elements.TASK_APPROVE_AS_CAB_MEMBER)
        .orderByHistoricTaskInstanceEndTime()
        .desc()
        .listPage(0, approvers)
        // the form's comment is local to the task's activity instance (an input parameter of the
        // task)
        .forEach(
            task ->
                history
                    .createHistoricVariableInstanceQuery()
                    .activityInstanceIdIn(task.getActivityInstanceId())
                    .variableName(COMMENT.getName())
                    .listPage(0, 1)
                    .stream()
                    .map(HistoricVariableInstance::getValue)
                    .filter(value -> value != null && !value.toString().isBlank())
                    .forEach(
                        value ->
                            comments.add(task.getAssignee() + ": " + value.toString().strip())));
    return comments.isEmpty() ? null : String.join("\n", comments);
  }
}
