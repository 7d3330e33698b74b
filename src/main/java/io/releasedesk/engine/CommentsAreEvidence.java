package io.releasedesk.engine;

import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;

/**
 * Comments are a release's evidence: the four-eyes rule's refusals, and what people noted while deciding and working.
 * Nobody deletes or rewrites one, administrators included. A comment on a task is written only by someone who may work on the task (its candidates, its
 * assignee, administrators); a comment on a release only by someone who may change the release. Those who only read
 * releases write nothing, and nobody writes into the history of finished tasks or releases.
 */
final class CommentsAreEvidence {

  static final String RULE = "Comments are the releases' evidence";

  private CommentsAreEvidence() {}

  /** Deleting or rewriting a comment, refused to every person. */
  static TaskRuleException erasing() {
    return new TaskRuleException(
        RULE + ": nobody deletes or rewrites a comment, administrators included");
  }

  /**
   * Why the authenticated user may not write this comment, if they may not. Trusted application code (no
   * authenticated user, or the engine's authorization checks turned off for it) may.
   */
  static Optional<String> whyNotWrite(
      CommandContext context, String taskId, String processInstanceId) {
    String user = context.getAuthenticatedUserId();
    if (user == null) {
      return Optional.empty();
    }
    var refusal =
        Optional.of(
            RULE
                + ": a comment is written on an open task by someone who works on it, or on a "
                + "running release by someone who may change it; "
                + user
                + " may not write this one");
    TaskEntity task = null;
    if (taskId != null) {
      task = context.getTaskManager().findTaskById(taskId);
      TaskEntity open = task;
      if (open == null
          || !permitted(
              () ->
                  context
                      .getProcessEngineConfiguration()
                      .getCommandCheckers()
                      .forEach(checker -> checker.checkTaskWork(open)))) {
        return refusal;
      }
    }
    // a task's comment may carry its own release's id (Tasklist can be configured so); any other
    // release is checked
    if (processInstanceId != null
        && (task == null || !processInstanceId.equals(task.getProcessInstanceId()))) {
      if (context.getExecutionManager().findExecutionById(processInstanceId) == null
          || !permitted(
              () ->
                  context
                      .getProcessEngineConfiguration()
                      .getCommandCheckers()
                      .forEach(
                          checker -> checker.checkUpdateProcessInstanceById(processInstanceId)))) {
        return refusal;
      }
    }
    return Optional.empty();
  }

  private static boolean permitted(Runnable engineCheck) {
    try {
      engineCheck.run();
      return true;
    } catch (AuthorizationException e) {
      return false;
    }
  }
}
