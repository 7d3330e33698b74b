package io.releasedesk.notification;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a notification announces: a model names one as the input parameter {@code milestone} of an event or task
 * that calls {@code ${notify}}. A model naming any other is refused when it is deployed.
 */
public enum Milestone {
  REQUESTED("requested"),
  PLANNED("planned"),
  APPROVAL_NEEDED("approvalNeeded"),
  APPROVED("approved"),
  REJECTED("rejected"),
  DEPLOYING("deploying"),
  DEPLOYED("deployed"),
  DEPLOYMENT_FAILED("deploymentFailed"),
  ROLLED_BACK("rolledBack"),
  CANCELLED("cancelled"),
  RETROSPECTIVE_DUE("retrospectiveDue"),
  COMPLETED("completed"),
  /** The open task's candidates and assignee: it is their turn, and due. Needs the input parameter {@code task}. */
  REMINDER("reminder"),
  /** The release managers: a task is overdue, and whom it waits on. Needs the input parameter {@code task}. */
  ESCALATION("escalation");

  /** The input parameters of a notifying element. */
  public static final String MILESTONE_PARAMETER = "milestone";

  public static final String TASK_PARAMETER = "task";

  private final String id;

  Milestone(String id) {
    this.id = id;
  }

  /** As the models name it. */
  public String id() {
    return id;
  }

  /** Whether it is about one user task, named by the input parameter {@code task}. */
  public boolean aboutATask() {
    return this == REMINDER || this == ESCALATION;
  }

  public static Optional<Milestone> find(String id) {
    return Arrays.stream(values())
        .filter(milestone -> milestone.id.equals(id == null ? null : id.trim()))
        .findFirst();
  }

  /** The milestone a model names, or an exception naming the ones there are. */
  public static Milestone of(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException(refusal(id)));
  }

  /** Why a model may not name this milestone. */
  public static String refusal(String id) {
    return "'"
        + id
        + "' is no milestone; notifications announce one of "
        + Arrays.stream(values()).map(Milestone::id).collect(Collectors.joining(", "));
  }
}
