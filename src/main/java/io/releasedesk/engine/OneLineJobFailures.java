package io.releasedesk.engine;

import java.util.Optional;
import org.camunda.bpm.engine.impl.jobexecutor.ExecuteJobHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the job executor logs a failed job. The engine logs each failure with its whole stack trace, a couple of
 * hundred lines for a webhook that did not answer. A failure Release Desk has explained ({@link ExplainedFailure})
 * is logged as one WARN line with its message, the trace at DEBUG; any other failure as the engine does.
 */
class OneLineJobFailures implements ExecuteJobHelper.ExceptionLoggingHandler {

  private static final Logger LOG = LoggerFactory.getLogger(OneLineJobFailures.class);

  private final ExecuteJobHelper.ExceptionLoggingHandler engines;

  OneLineJobFailures(ExecuteJobHelper.ExceptionLoggingHandler engines) {
    this.engines = engines;
  }

  /** Installs it once, as the job executor's handler (the engine keeps it in a static field). */
  static synchronized void install() {
    if (!(ExecuteJobHelper.LOGGING_HANDLER instanceof OneLineJobFailures)) {
      ExecuteJobHelper.LOGGING_HANDLER = new OneLineJobFailures(ExecuteJobHelper.LOGGING_HANDLER);
    }
  }

  @Override
  public void exceptionWhileExecutingJob(String jobId, Throwable exception) {
    Optional<Throwable> explained = explained(exception);
    if (explained.isEmpty()) {
      engines.exceptionWhileExecutingJob(jobId, exception);
      return;
    }
    LOG.warn("Job {} failed: {}", jobId, explained.get().getMessage());
    LOG.debug("Job {} failed", jobId, exception);
  }

  static Optional<Throwable> explained(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof ExplainedFailure) {
        return Optional.of(cause);
      }
    }
    return Optional.empty();
  }
}
