package io.releasedesk.calendar;

import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE_FREEZE;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * When a planning round begins, warns the plan if the target date falls in a freeze window of the service: the
 * release would wait at the freeze until the window ends. No warning otherwise.
 */
@Component
public class WarnOfFreezeOnTargetDate implements ExecutionListener {

  private final FreezeWindows freezeWindows;

  public WarnOfFreezeOnTargetDate(FreezeWindows freezeWindows) {
    this.freezeWindows = freezeWindows;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String service = SERVICE.from(execution).get();
    LocalDate targetDate = targetDate(TARGET_DATE.from(execution).getOrNull());
    String warning =
        targetDate == null
            ? null
            : TargetDateFreezes.on(freezeWindows.applyingTo(service), targetDate)
                .map(
                    freeze ->
                        "The target date "
                            + targetDate
                            + " falls in the freeze window \""
                            + freeze.window().reason()
                            + "\" ("
                            + freeze.start()
                            + " to "
                            + freeze.end()
                            + "): production deployment would wait until it ends.")
                .orElse(null);
    TARGET_DATE_FREEZE.on(execution).set(warning);
  }

  /** The day of the target date ({@code 2026-12-10}, or a date-time whose day counts); null if it has none. */
  private static LocalDate targetDate(String text) {
    if (text == null || text.length() < 10) {
      return null;
    }
    try {
      return LocalDate.parse(text.substring(0, 10));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
