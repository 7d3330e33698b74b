package io.releasedesk.improvement;

import static io.releasedesk.release.ReleaseProcess.Variables.ACTION_ITEMS;

import java.time.LocalDate;
import java.time.ZoneId;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * A retrospective is held only with action items that can be tracked: each line {@code what; owner; due date}, the
 * owner a user of Release Desk, the date not past. Otherwise its completion is refused with every bad line named.
 */
@Component
public class CheckActionItems implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    ActionItem.parse(ACTION_ITEMS.from(task).getOrNull(), owner -> isUser(task, owner), today());
  }

  static boolean isUser(DelegateTask task, String userId) {
    var identity = task.getProcessEngineServices().getIdentityService();
    // whoever holds the retrospective may name any colleague, whether or not they may read the
    // users
    return Context.getCommandContext()
        .runWithoutAuthorization(() -> identity.createUserQuery().userId(userId).count() > 0);
  }

  static LocalDate today() {
    return LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneId.systemDefault());
  }
}
