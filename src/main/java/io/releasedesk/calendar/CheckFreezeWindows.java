package io.releasedesk.calendar;

import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_ENDS_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_EXCEPTION_APPROVED;
import static io.releasedesk.release.ReleaseProcess.Variables.FREEZE_REASON;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * Check freeze windows: whether a freeze window holds the release's service back now (the engine's time), and if so
 * until when and why. The model waits for that moment and checks again, since another window may follow. No emergency
 * exception is approved until a release manager approves one (Approve emergency exception).
 */
@Component
public class CheckFreezeWindows implements JavaDelegate {

  private final FreezeWindows freezeWindows;

  public CheckFreezeWindows(FreezeWindows freezeWindows) {
    this.freezeWindows = freezeWindows;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String service = SERVICE.from(execution).get();
    var freeze =
        FreezeWindow.latestEndingAt(
            freezeWindows.applyingTo(service), ClockUtil.getCurrentTime().toInstant());
    FREEZE_ENDS_AT
        .on(execution)
        .set(freeze.map(occurrence -> occurrence.end().toString()).orElse(null));
    FREEZE_REASON
        .on(execution)
        .set(freeze.map(occurrence -> occurrence.window().reason()).orElse(null));
    if (FREEZE_EXCEPTION_APPROVED.from(execution).getOrNull() == null) {
      FREEZE_EXCEPTION_APPROVED.on(execution).set(false);
    }
  }
}
