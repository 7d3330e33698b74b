package io.releasedesk.engine;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.camunda.bpm.engine.impl.cmd.AbstractSetJobsRetriesBatchCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteJobCmd;
import org.camunda.bpm.engine.impl.cmd.ExecuteJobsCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobDuedateCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobRetriesCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobListener;
import org.camunda.bpm.engine.impl.jobexecutor.JobFailureCollector;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.camunda.bpm.engine.runtime.Job;

/**
 * A release's timers fire when they are due, and its jobs are the engine's: firing the observation period's timer
 * early (executing it, or moving its due date) would end the observation before the retrospective is due, and
 * deleting a job of a process instance would leave it stuck. So people, administrators included, may not execute a
 * timer job or change its due date unless the job failed (operators retry failed jobs, at once or later; new retries
 * with a due date for a whole job definition reach only jobs without retries left, so none of them may be a timer
 * that did not fail), may not move due dates in a batch, and may not delete a job of a process instance. Retrying failed jobs, and everything
 * about other jobs (asynchronous steps), stays the operators'. Trusted code without an authenticated user (the job
 * executor, tests) is not bound.
 */
class TimersFireWhenDue extends CommandInterceptor {

  static final String FIRES_WHEN_DUE =
      AlongItsModelOnly.MOVES_ALONG_ITS_MODEL
          + ": a timer fires when it is due; "
          + "executing a timer job or changing its due date is refused unless it failed";
  static final String JOBS_STAY =
      EvidenceStays.ENDS_THROUGH_ITS_MODEL
          + ": a job of a process instance is not "
          + "deleted; "
          + EvidenceStays.CANCEL_INSTEAD;

  @Override
  public <T> T execute(Command<T> command) {
    if (command instanceof FailedJobListener && refusedExecution(command)) {
      // a refused execution is no failure of the job: its retries and exception stay as they were
      return null;
    }
    if (AlongItsModelOnly.issuedByAPerson()) {
      refusal(command, Context.getCommandContext())
          .ifPresent(
              reason -> {
                throw new OffTheModelException(reason);
              });
    }
    return next.execute(command);
  }

  /** Why a person may not issue this command, if they may not. */
  static Optional<String> refusal(Command<?> command, CommandContext context) {
    if (command instanceof ExecuteJobsCmd || command instanceof SetJobDuedateCmd) {
      return firesEarly(context, Stream.of((String) AlongItsModelOnly.field(command, "jobId")));
    }
    if (command instanceof SetJobRetriesCmd
        && (boolean) AlongItsModelOnly.field(command, "isDueDateSet")) {
      @SuppressWarnings("unchecked")
      var jobIds = (List<String>) AlongItsModelOnly.field(command, "jobIds");
      String jobDefinition = (String) AlongItsModelOnly.field(command, "jobDefinitionId");
      return firesEarly(
          context,
          jobIds != null
              ? jobIds.stream()
              : jobDefinition != null
                  ? withoutRetries(context, jobDefinition)
                  : Stream.of((String) AlongItsModelOnly.field(command, "jobId")));
    }
    if (command instanceof AbstractSetJobsRetriesBatchCmd
        && (boolean) AlongItsModelOnly.field(command, "isDueDateSet")) {
      return Optional.of(
          FIRES_WHEN_DUE + "; due dates are not changed in a batch, retry failed jobs one by one");
    }
    if (command instanceof DeleteJobCmd) {
      JobEntity job = job(context, (String) AlongItsModelOnly.field(command, "jobId"));
      return job != null && job.getProcessInstanceId() != null
          ? Optional.of(JOBS_STAY)
          : Optional.empty();
    }
    return Optional.empty();
  }

  /** A timer that has not failed would fire, or be moved, before its time. */
  private static Optional<String> firesEarly(CommandContext context, Stream<String> jobIds) {
    return jobIds
            .map(id -> job(context, id))
            .anyMatch(job -> job instanceof TimerEntity && job.getExceptionMessage() == null)
        ? Optional.of(FIRES_WHEN_DUE)
        : Optional.empty();
  }

  /**
   * The jobs that new retries of a job definition reach: those without retries left. A timer whose retries a person
   * set to zero is among them without having failed.
   */
  private static Stream<String> withoutRetries(CommandContext context, String jobDefinition) {
    return context.runWithoutAuthorization(
        () ->
            context
                .getProcessEngineConfiguration()
                .getManagementService()
                .createJobQuery()
                .jobDefinitionId(jobDefinition)
                .noRetriesLeft()
                .list()
                .stream()
                .map(Job::getId));
  }

  /** The job, or null if there is none (the command itself then says so). */
  private static JobEntity job(CommandContext context, String id) {
    return id == null ? null : context.getJobManager().findJobById(id);
  }

  private static boolean refusedExecution(Command<?> listener) {
    var failure =
        ((JobFailureCollector) AlongItsModelOnly.field(listener, "jobFailureCollector"))
            .getFailure();
    return failure instanceof OffTheModelException && FIRES_WHEN_DUE.equals(failure.getMessage());
  }
}
