package io.releasedesk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.SQLTransientConnectionException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.ProcessEngineLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the log shows when the job executor cannot acquire jobs: while the database is away, one WARN line that says
 * so; for any other failure, the engine's ERROR with its trace, as before.
 */
class JobAcquisitionOutageInOneLineTest {

  final JobAcquisitionOutageInOneLine filter = new JobAcquisitionOutageInOneLine();
  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void listen() {
    log.start();
    root.addAppender(log);
  }

  @AfterEach
  void stop() {
    root.detachAppender(log);
    filter.destroy();
  }

  @Test
  void anAcquisitionThatFindsNoDatabaseIsOneWarnLine() {
    var outage =
        new ProcessEngineException(
            "Could not open connection",
            new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 5000ms"));

    ProcessEngineLogger.JOB_EXECUTOR_LOGGER.exceptionDuringJobAcquisition(outage);

    assertThat(log.list).extracting(ILoggingEvent::getLevel).doesNotContain(Level.ERROR);
    assertThat(log.list)
        .filteredOn(event -> event.getLevel() == Level.WARN)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getFormattedMessage())
                  .startsWith("The job executor waits for the database: ")
                  .contains("Connection is not available");
              assertThat(event.getThrowableProxy()).isNull();
            });
  }

  @Test
  void anyOtherAcquisitionFailureStaysAnErrorWithItsTrace() {
    var fault = new ProcessEngineException("Cannot deserialize the job's configuration");

    ProcessEngineLogger.JOB_EXECUTOR_LOGGER.exceptionDuringJobAcquisition(fault);

    assertThat(log.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.ERROR);
              assertThat(event.getFormattedMessage()).startsWith("ENGINE-14019");
              assertThat(event.getThrowableProxy()).isNotNull();
            });
  }
}
