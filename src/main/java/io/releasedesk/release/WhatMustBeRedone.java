package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVAL_DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.REDO;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.asRejected;

import io.holunda.camunda.bpm.data.factory.VariableFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateTask;

/**
 * What a plan that answers a rejected approval says must be redone ({@code redo}), for the gateway "What must be
 * redone?": {@code everything} when the scope changed (the teams confirm again, a new candidate is cut and verified,
 * then approval), or only the {@code approval} when its conditions are met (the candidate that passed QA goes straight
 * back to approval). The rule holds whatever the way the plan is submitted (Tasklist, engine REST API, Java):
 *
 * <ul>
 *   <li>only a plan that answers a rejection, and a release whose current candidate passed QA, may redo only the
 *       approval;
 *   <li>redoing only the approval keeps the candidate and its risk assessment, so the plan must leave what they were
 *       made for as it was when the rejected approval was asked: version, scope and the risk table's inputs;
 *   <li>a plan that answers a rejection without saying redoes everything, as every plan did before the choice
 *       existed; a plan that answers none redoes nothing, and its {@code redo} is left null.
 * </ul>
 *
 * <p>A rejection is answered once: the plan that answers it clears {@code approvalDecision}, so that a plan the teams
 * send back later does not answer it again. The approval rounds keep the rejection ({@link ApprovalRounds}).
 */
public final class WhatMustBeRedone {

  public static final String EVERYTHING = "everything";
  public static final String APPROVAL = "approval";

  /** What the candidate, its QA and its risk assessment were made for, in words. */
  static final Map<VariableFactory<?>, String> PLAN_OF_THE_CANDIDATE = plan();

  private WhatMustBeRedone() {}

  private static Map<VariableFactory<?>, String> plan() {
    var plan = new LinkedHashMap<VariableFactory<?>, String>();
    plan.put(VERSION, "the version");
    plan.put(SCOPE_SUMMARY, "the scope");
    // the risk table's inputs: the plan changes the size of change; whatever else of them a plan
    // may change counts
    plan.put(CHANGE_SIZE, "the size of change");
    plan.put(RELEASE_TYPE, "the release type");
    plan.put(HAS_DATABASE_MIGRATIONS, "the database migrations");
    plan.put(CUSTOMER_FACING, "the customer impact");
    return plan;
  }

  /**
   * When "Plan release" opens after a rejection: the plan as the rejected approval saw it is kept with the task, to
   * compare the plan with when it is completed. (The choice itself starts blank: the model maps {@code redo} to null
   * into each plan, and the plan's {@code redo} out to the release.)
   */
  static void open(DelegateTask task) {
    if (answersRejection(task)) {
      PLAN_OF_THE_CANDIDATE
          .keySet()
          .forEach(
              field -> asRejected(field).on(task).setLocal(text(field.from(task).getOrNull())));
    }
  }

  /**
   * When "Plan release" is completed: what must be redone, by the plan as submitted. Adds what is wrong with the
   * choice to the problems.
   *
   * @return {@code everything} or {@code approval} for a plan that answers a rejection, else null
   */
  static String decide(DelegateTask task, List<String> problems) {
    // local to the plan: whatever door the plan comes through, its redo lands there
    String chosen = REDO.from(task.getExecution()).getLocalOrNull();
    boolean answersRejection = answersRejection(task);
    if (!APPROVAL.equals(chosen)) {
      return answersRejection ? EVERYTHING : null;
    }
    if (!answersRejection) {
      problems.add(
          "Only the approval can be asked again by a plan that answers a rejected approval, and this plan "
              + "answers none: leave 'What must be redone' (redo) empty");
      return null;
    }
    String candidate = CANDIDATE_VERSION.from(task).getOrNull();
    if (candidate == null
        || CANDIDATE_COMMIT.from(task).getOrNull() == null
        || !"pass".equals(QA_RESULT.from(task).getOrNull())) {
      problems.add(
          "Only the approval can be asked again for a candidate that passed QA, and this release has none: "
              + "choose everything (redo: everything)");
      return null;
    }
    List<String> changed = changed(task);
    if (!changed.isEmpty()) {
      problems.add(
          "Only the approval can be asked again for the same candidate "
              + candidate
              + ", which was cut, verified and assessed for the plan as it was; this plan changes "
              + String.join(" and ", changed)
              + ": choose everything (redo: everything), so that the teams confirm the "
              + "plan again and a new candidate is cut, verified and approved");
      return null;
    }
    return APPROVAL;
  }

  /**
   * Once the plan is accepted: the plan's {@code redo} says what was decided (the model maps it out to the gateway,
   * and its history keeps it), and the rejection is answered.
   */
  static void settle(DelegateTask task, String redo) {
    REDO.on(task.getExecution()).setLocal(redo);
    if (redo != null) {
      APPROVAL_DECISION.on(task.getExecution()).remove();
    }
  }

  /** Whether the plan comes back because the approval was rejected, and no plan answered that yet. */
  private static boolean answersRejection(DelegateTask task) {
    return ApprovalRounds.REJECT.equals(APPROVAL_DECISION.from(task.getExecution()).getOrNull());
  }

  /** The plan's fields that differ from the plan the rejected approval was asked for, in words with what changed. */
  private static List<String> changed(DelegateTask task) {
    var changed = new ArrayList<String>();
    PLAN_OF_THE_CANDIDATE.forEach(
        (field, words) -> {
          VariableFactory<String> rejected = asRejected(field);
          String before = rejected.from(task).getLocalOrNull();
          String now = text(field.from(task).getOrNull());
          if (!task.hasVariableLocal(rejected.getName())) {
            changed.add(words + " (what it was when the approval was asked is not known)");
          } else if (!Objects.equals(before, now)) {
            changed.add(
                field == SCOPE_SUMMARY || before == null || now == null
                    ? words
                    : words + " (" + before + " → " + now + ")");
          }
        });
    return changed;
  }

  /** A field's value as text, the way the plan compares it: stripped, null when empty. */
  private static String text(Object value) {
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    return value.toString().strip();
  }
}
