package io.releasedesk.engine;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * While the database is away, the job executor fails to acquire jobs again and again, and the engine logs each failure
 * at ERROR with its stack trace ({@value #ACQUISITION_FAILED}). That is the outage every door already reports in one
 * WARN line ({@link DatabaseUnavailableException}), not a fault of the server: here, too, it becomes one WARN line,
 * with its trace at DEBUG. Any other failure to acquire jobs stays an ERROR.
 */
@Component
class JobAcquisitionOutageInOneLine extends TurboFilter implements DisposableBean {

  /** The engine's logger of the job executor. */
  static final String JOB_EXECUTOR_LOGGER = "org.camunda.bpm.engine.jobexecutor";

  /** The engine's code for "Exception during job acquisition". */
  static final String ACQUISITION_FAILED = "ENGINE-14019";

  private static final Logger LOG = LoggerFactory.getLogger(JobAcquisitionOutageInOneLine.class);

  JobAcquisitionOutageInOneLine() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
      start();
      logging.addTurboFilter(this);
    }
  }

  @Override
  public FilterReply decide(
      Marker marker,
      ch.qos.logback.classic.Logger logger,
      Level level,
      String format,
      Object[] params,
      Throwable thrown) {
    if (level != Level.ERROR
        || format == null
        || !format.startsWith(ACQUISITION_FAILED)
        || !JOB_EXECUTOR_LOGGER.equals(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    Throwable failure = thrown != null ? thrown : lastOf(params);
    if (failure == null || !DatabaseUnavailableException.isConnectionFailure(failure)) {
      return FilterReply.NEUTRAL;
    }
    LOG.warn(
        "The job executor waits for the database: {}",
        DatabaseUnavailableException.of(failure)
            .map(Throwable::getMessage)
            .orElse(failure.getMessage()));
    LOG.debug("Jobs could not be acquired", failure);
    return FilterReply.DENY;
  }

  /** The engine passes the exception as the last of the message's parameters. */
  private static Throwable lastOf(Object[] params) {
    return params != null
            && params.length > 0
            && params[params.length - 1] instanceof Throwable last
        ? last
        : null;
  }

  @Override
  public void destroy() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
      logging.getTurboFilterList().remove(this);
    }
  }
}
