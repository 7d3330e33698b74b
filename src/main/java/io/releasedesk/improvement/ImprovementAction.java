package io.releasedesk.improvement;

import static io.holunda.camunda.bpm.data.CamundaBpmData.stringVariable;

import io.holunda.camunda.bpm.data.factory.VariableFactory;

/**
 * An action item agreed in a release's retrospective, tracked until its owner carries it out or drops it
 * ({@code processes/improvement-action.bpmn}): one instance per item, business key {@code <releaseKey>#<n>}.
 */
public final class ImprovementAction {

  public static final String KEY = "improvement-action";
  public static final String DONE = "done";
  public static final String DROPPED = "dropped";

  private ImprovementAction() {}

  /** The business key of the release's n-th action item (counted from 1). */
  public static String businessKey(String releaseKey, int n) {
    return releaseKey + "#" + n;
  }

  /** Element ids, as in the diagram. */
  public static final class Elements {
    public static final String EVENT_ACTION_AGREED = "Event_ImprovementActionAgreed";
    public static final String TASK_CARRY_OUT_IMPROVEMENT_ACTION = "Task_CarryOutImprovementAction";
    public static final String EVENT_IMPROVEMENT_ACTION_DUE = "Event_CarryOutImprovementActionDue";
    public static final String EVENT_IMPROVEMENT_ACTION_OVERDUE =
        "Event_CarryOutImprovementActionOverdue";
    public static final String EVENT_ACTION_DONE = "Event_ImprovementActionDone";
    public static final String EVENT_ACTION_DROPPED = "Event_ImprovementActionDropped";

    private Elements() {}
  }

  /** Process variables; the form improvement-action.form uses the same names. */
  public static final class Variables {
    /** The service whose release agreed on the item. */
    public static final VariableFactory<String> SERVICE = stringVariable("service");

    /** The key (service@version) of the release whose retrospective agreed on the item. */
    public static final VariableFactory<String> RELEASE_KEY = stringVariable("releaseKey");

    public static final VariableFactory<String> WHAT = stringVariable("actionWhat");

    /** The user id of who carries the item out. */
    public static final VariableFactory<String> OWNER = stringVariable("actionOwner");

    /** ISO date (2026-12-15): the owner is reminded on it. */
    public static final VariableFactory<String> DUE = stringVariable("actionDue");

    /** ISO-8601 instant after the due date (releasedesk.due.escalate-after) when the release managers hear of it. */
    public static final VariableFactory<String> ESCALATE_AT = stringVariable("actionEscalateAt");

    /** {@code done} or {@code dropped}, as the owner completes the item. */
    public static final VariableFactory<String> OUTCOME = stringVariable("actionOutcome");

    public static final VariableFactory<String> NOTE = stringVariable("actionNote");

    private Variables() {}
  }
}
