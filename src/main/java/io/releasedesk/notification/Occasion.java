package io.releasedesk.notification;

import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * What happened to a release, as the notifying step sees it.
 *
 * @param milestone what happened
 * @param releaseKey the release, {@code service@version}
 * @param releaseId the release's process instance (Cockpit links to it)
 * @param variables the release's variables, those of the step's own process (a deployment) over them
 * @param task the open user task a reminder or escalation is about; null for other milestones
 */
public record Occasion(
    Milestone milestone,
    String releaseKey,
    String releaseId,
    Map<String, Object> variables,
    OpenTask task) {

  /** A text variable, or null when unset or blank. */
  public String text(String name) {
    Object value = variables.get(name);
    return value == null || value.toString().isBlank() ? null : value.toString();
  }

  /**
   * A user task waiting for someone.
   *
   * @param id the task's id (Tasklist links to it)
   * @param name the task's name
   * @param assignee who took it; null when nobody has
   * @param candidateUsers and {@code candidateGroups}: who may take it
   * @param due when it is due; null when it has no due date
   */
  public record OpenTask(
      String id,
      String name,
      String assignee,
      List<String> candidateUsers,
      List<String> candidateGroups,
      Date due) {}
}
