package io.releasedesk.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Two people completing tasks of one release at the same moment. Both completions change the release itself (the two
 * CAB approvals each record their approver on it, and each offers the other approval to the members who have not
 * decided), so the database lets one commit and the other loses the race: the engine rolls it back with an {@link
 * OptimisticLockingException}, or the database with a lock that timed out or a deadlock ({@link
 * RevealRuleViolations}). Such a completion is legitimate and is run again, in a transaction of its own, on what
 * the winner left (at most {@value #ATTEMPTS} times in all): both approvals count. If the loser's task is the one the
 * winner completed, the next run finds it gone, and the loser is told who completed it (409, {@link
 * ConflictException}); nothing of what they sent is stored.
 *
 * <p>A completion inside a transaction someone else began (Release Desk's own API, which claims and completes in one
 * transaction) cannot be run again here: the transaction is spoilt for everything after the failure. There the lost
 * race goes up to whoever began the transaction, which runs it again as a whole ({@code approval.Approvals}).
 */
public final class SimultaneousCompletions {

  private static final Logger LOG = LoggerFactory.getLogger(SimultaneousCompletions.class);

  /**
   * How often a completion is tried. Two: the loser of two simultaneous completions runs on what the winner left.
   * Three: the winner's next step, which the job executor runs moments later, moves the loser's task within the
   * release (the approval round's last open approval becomes the round's own) and may beat the second try too.
   */
  public static final int ATTEMPTS = 3;

  /** SQL state of a unique constraint violated, on H2 and PostgreSQL alike. */
  static final String UNIQUE_VIOLATION = "23505";

  /** More than any task of Release Desk has candidates (groups, and the CAB members offered the second approval). */
  private static final int MAX_CANDIDATES = 1000;

  private SimultaneousCompletions() {}

  /**
   * Runs a change in a transaction of its own and, while it loses races against other changes, again: at most {@value
   * #ATTEMPTS} times in all. The last lost race goes to the caller (409).
   */
  private static <T> T untilItWins(Supplier<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return change.get();
      } catch (OptimisticLockingException | TaskAlreadyClaimedException lost) {
        if (attempt == ATTEMPTS) {
          throw lost;
        }
        LOG.debug("Lost a race (attempt {}), trying again: {}", attempt, lost.getMessage());
        pauseAfter(attempt);
      }
    }
  }

  /**
   * A moment's pause after a lost race, longer after each, and a little different for each request: the winner may
   * still be at work (H2 gives up waiting for its locks after a second), and two losers should not meet again.
   */
  public static void pauseAfter(int attempt) {
    try {
      Thread.sleep(attempt * 100L + ThreadLocalRandom.current().nextLong(100));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether a failed command is work on a task (a claim, a completion) whose write the database refused as a duplicate
   * of a row another transaction wrote at the same moment: both claims of one task grant the claimant the same
   * permission, say. The engine checks for such rows before it writes them, so a duplicate is a race it lost.
   */
  static boolean duplicateByRace(Throwable failure) {
    var invocation = Context.getCommandInvocationContext();
    return invocation != null
        && isTaskWork(invocation.getCommand())
        && RevealRuleViolations.sqlState(failure, Set.of(UNIQUE_VIOLATION));
  }

  private static boolean isTaskWork(Command<?> command) {
    return workedOnTask(command) != null;
  }

  /** The task a command claims or completes, or null for any other command. */
  static String workedOnTask(Command<?> command) {
    if (command instanceof ClaimTaskCmd) {
      return (String) AlongItsModelOnly.field(command, "taskId");
    }
    return completedTask(command);
  }

  /** The task a command completes, or null for any other command. */
  static String completedTask(Command<?> command) {
    if (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd) {
      return (String) AlongItsModelOnly.field(command, "taskId");
    }
    return null;
  }

  /** Outermost, before the transaction begins: a completion that lost a race is run again. */
  static class Retry extends CommandInterceptor {

    private final ProcessEngineConfigurationImpl engine;

    Retry(ProcessEngineConfigurationImpl engine) {
      this.engine = engine;
    }

    @Override
    public <T> T execute(Command<T> command) {
      if (!isTaskWork(command)) {
        return next.execute(command);
      }
      String taskId = completedTask(command);
      if (taskId == null || TransactionSynchronizationManager.isActualTransactionActive()) {
        // a claim, a nested command, or a completion in a transaction someone else began: theirs
        // to retry
        return lostRaceSaid(command);
      }
      try {
        return untilItWins(() -> lostRaceSaid(command));
      } catch (NotFoundException | AuthorizationException refused) {
        // the task may be gone, or its permissions with it, because someone else completed it
        throw completedBySomeoneElse(taskId).orElseThrow(() -> refused);
      }
    }

    /** Runs the command; a duplicate written at the same moment by someone else is a lost race. */
    private <T> T lostRaceSaid(Command<T> command) {
      try {
        return next.execute(command);
      } catch (ProcessEnginePersistenceException e) {
        if (RevealRuleViolations.sqlState(e, Set.of(UNIQUE_VIOLATION))) {
          throw new OptimisticLockingException(
              "Someone else worked on the same task at the same moment; nothing of this request was"
                  + " stored: try again");
        }
        throw e;
      }
    }

    /**
     * If the task was completed meanwhile, and the caller was one of those it was offered to: who completed it. To
     * anybody else a task that is gone is one that was never there (404), as its name and who worked on it are not
     * theirs to know.
     */
    private Optional<ConflictException> completedBySomeoneElse(String taskId) {
      Authentication caller = engine.getIdentityService().getCurrentAuthentication();
      return engine
          .getCommandExecutorTxRequired()
          .execute(context -> context.runWithoutAuthorization(() -> whoEnded(taskId, caller)));
    }

    private Optional<ConflictException> whoEnded(String taskId, Authentication caller) {
      HistoryService history = engine.getHistoryService();
      HistoricTaskInstance task =
          history.createHistoricTaskInstanceQuery().taskId(taskId).singleResult();
      if (task == null || task.getEndTime() == null || !offeredTo(task, caller)) {
        return Optional.empty();
      }
      if (!TaskEntity.DELETE_REASON_COMPLETED.equals(task.getDeleteReason())) {
        return Optional.of(
            new ConflictException(
                "'"
                    + task.getName()
                    + "' ended at the same moment, as the release moved on without it; nothing of"
                    + " what you sent was stored"));
      }
      String who =
          history
              .createUserOperationLogQuery()
              .taskId(taskId)
              .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE)
              .listPage(0, 1)
              .stream()
              .map(UserOperationLogEntry::getUserId)
              .filter(Objects::nonNull)
              .findFirst()
              .orElse("someone else");
      return Optional.of(
          new ConflictException(
              "'"
                  + task.getName()
                  + "' was completed by "
                  + who
                  + " at the same moment; nothing of what you sent was stored. Look at the release"
                  + " again."));
    }
  }

  /** Whether the task was offered to the caller: assigned to them, or to them or one of their groups as a candidate. */
  private static boolean offeredTo(HistoricTaskInstance task, Authentication caller) {
    if (caller == null || caller.getUserId() == null) {
      return true; // trusted application code
    }
    if (caller.getUserId().equals(task.getAssignee())) {
      return true;
    }
    List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    return Context.getProcessEngineConfiguration()
        .getHistoryService()
        .createHistoricIdentityLinkLogQuery()
        .taskId(task.getId())
        .type(IdentityLinkType.CANDIDATE)
        .listPage(0, MAX_CANDIDATES)
        .stream()
        .anyMatch(
            link ->
                caller.getUserId().equals(link.getUserId())
                    || (link.getGroupId() != null && groups.contains(link.getGroupId())));
  }

  /**
   * Inside the command: a claim or completion whose task is gone, because another completion committed since the
   * caller last saw it, is refused as not found (the engine would fail with "task is null", answer 500 and log an
   * error); for a completion, {@link Retry} tells who completed it. The task's execution is read here too: a
   * completion that commits between the two reads leaves the task still found but its execution gone, and the engine
   * would call the task's listeners without an event (a 500 again); so would the release's own execution, which the
   * engine's history reads. All three are then in this command's cache, so the command works on what it read, and a
   * task deleted since is a lost race when the command writes.
   */
  static class TaskMustBeOpen extends CommandInterceptor {

    @Override
    public <T> T execute(Command<T> command) {
      String taskId = workedOnTask(command);
      if (taskId != null
          && !isOpen(Context.getCommandContext().getTaskManager().findTaskById(taskId))) {
        throw new NotFoundException(
            "There is no open task "
                + taskId
                + ": it has been completed or deleted, or never existed");
      }
      return next.execute(command);
    }

    private static boolean isOpen(TaskEntity task) {
      return task != null
          && (task.getExecutionId() == null
              || (task.getExecution() != null && task.getExecution().getProcessInstance() != null));
    }
  }
}
