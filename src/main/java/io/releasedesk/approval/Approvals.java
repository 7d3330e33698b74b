package io.releasedesk.approval;

import io.holunda.camunda.bpm.data.builder.VariableMapBuilder;
import io.releasedesk.engine.ConflictException;
import io.releasedesk.engine.SimultaneousCompletions;
import io.releasedesk.release.ReleaseNotFoundException;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcess.Variables;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Approving or rejecting a release without Tasklist, with the same rules as in Tasklist. */
@Service
public class Approvals {

  private static final Logger LOG = LoggerFactory.getLogger(Approvals.class);

  private final TaskService taskService;
  private final IdentityService identityService;
  private final TransactionTemplate transaction;

  public Approvals(
      TaskService taskService,
      IdentityService identityService,
      PlatformTransactionManager transactionManager) {
    this.taskService = taskService;
    this.identityService = identityService;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /**
   * The caller takes an approval of the release that waits for them (one they hold, else one nobody holds) and
   * decides it. Claiming and deciding are one transaction: a refused decision leaves the approval unclaimed. Two CAB
   * members deciding at the same moment may both take the same approval, or both change the release at once: the one
   * who loses the race decides again, in a new transaction, and takes the approval still open, as the engine does for
   * completions through its REST API ({@link SimultaneousCompletions}; it cannot do so inside this transaction: the
   * failure spoils it). If no approval is open any more, the one they took was decided at the same moment: 409.
   */
  public void decide(String releaseKey, String decision, String comment) {
    String caller = identityService.getCurrentAuthentication().getUserId();
    for (int attempt = 1; ; attempt++) {
      try {
        transaction.executeWithoutResult(status -> decide(caller, releaseKey, decision, comment));
        return;
      } catch (OptimisticLockingException
          | TaskAlreadyClaimedException
          | NotFoundException
          | AuthorizationException lost) {
        // the approval the caller was just offered is gone, or the engine refuses it for want of
        // permission: it went at the same moment, its permissions with it; a rule's refusal (four
        // eyes) is final
        boolean race = !(lost instanceof AuthorizationException) || isTheEnginesOwn(lost);
        if (!race || attempt == SimultaneousCompletions.ATTEMPTS) {
          throw lost;
        }
        LOG.debug(
            "{} lost a race deciding {} (attempt {}): {}",
            caller,
            releaseKey,
            attempt,
            lost.getMessage());
        SimultaneousCompletions.pauseAfter(attempt);
      } catch (ReleaseNotFoundException none) {
        if (attempt == 1) {
          throw none;
        }
        throw new ConflictException(
            "The approval of "
                + releaseKey
                + " that "
                + caller
                + " took was decided at the same moment by another request; nothing of this one"
                + " was stored. Look at the release again.");
      }
    }
  }

  private static boolean isTheEnginesOwn(RuntimeException refusal) {
    return refusal.getClass() == AuthorizationException.class;
  }

  private void decide(String caller, String releaseKey, String decision, String comment) {
    // only tasks the caller may see: those of their candidate groups, or all for whoever may read
    // all tasks
    List<Task> approvals =
        taskService
            .createTaskQuery()
            .processInstanceBusinessKey(releaseKey)
            .taskDefinitionKeyIn(
                Elements.TASK_APPROVE_AS_RELEASE_MANAGER, Elements.TASK_APPROVE_AS_CAB_MEMBER)
            .orderByTaskCreateTime()
            .asc()
            .listPage(0, 10);
    Task approval =
        approvals.stream()
            .filter(task -> caller.equals(task.getAssignee()))
            .findFirst()
            .or(() -> approvals.stream().filter(task -> task.getAssignee() == null).findFirst())
            .orElseThrow(
                () ->
                    new ReleaseNotFoundException(
                        "No approval of " + releaseKey + " is waiting for " + caller));
    if (approval.getAssignee() == null) {
      taskService.claim(approval.getId(), caller);
    }
    taskService.complete(
        approval.getId(),
        new VariableMapBuilder()
            .set(Variables.DECISION, decision)
            .set(Variables.COMMENT, comment)
            .build());
  }
}
