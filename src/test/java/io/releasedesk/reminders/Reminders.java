package io.releasedesk.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.calendar.FreezeWindows;
import io.releasedesk.calendar.WarnOfFreezeOnTargetDate;
import io.releasedesk.evaluation.IncidentReports;
import io.releasedesk.evaluation.RecordRollback;
import io.releasedesk.evaluation.RecordUnhealthyProduction;
import io.releasedesk.evidence.EvidencePacks;
import io.releasedesk.evidence.FreezeEvidencePack;
import io.releasedesk.improvement.CheckActionItems;
import io.releasedesk.improvement.ShowOpenActionItems;
import io.releasedesk.improvement.StartImprovementActions;
import io.releasedesk.release.FormContextDelegates;
import io.releasedesk.release.ReleaseProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.mockito.Mockito;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/** Due dates, reminders and escalation in process tests: the delegates they need, and their timers fired. */
public final class Reminders {

  private final ProcessEngine engine;
  private final RecordedNotifications notifications;

  private Reminders(ProcessEngine engine, JavaDelegate announcements) {
    this.engine = engine;
    this.notifications = new RecordedNotifications(announcements);
  }

  /**
   * Registers the due dates' listener (with the due dates of application.yaml), the recorded notifications and the
   * plan's freeze warning, here without freeze windows, what the forms show when their task opens, and the steps after
   * production that every release passes (its observation, classification and action items:
   * {@link #registerAfterProduction()}). Reminders and escalations are recorded on their way to the
   * {@code notify} delegate registered before (the announcements), if any.
   */
  public static Reminders register(ProcessEngine engine) {
    return register(engine, Mockito.mock(FreezeWindows.class));
  }

  /** As {@link #register(ProcessEngine)}, the plan's freeze warning reading these freeze windows. */
  public static Reminders register(ProcessEngine engine, FreezeWindows freezeWindows) {
    Mocks.register("warnOfFreezeOnTargetDate", new WarnOfFreezeOnTargetDate(freezeWindows));
    Mocks.register("setDueDates", new SetDueDates(new DueDates(configured())));
    registerAfterProduction();
    FormContextDelegates.register(engine);
    var reminders = new Reminders(engine, (JavaDelegate) Mocks.get("notify"));
    Mocks.register("notify", reminders.notifications);
    return reminders;
  }

  /**
   * The delegates of what follows production: the open action items the plan shows, the observation's incident
   * records, the rollback's classification, the retrospective's action items and the improvement actions they start,
   * and the end events' freezing of the evidence pack.
   */
  public static void registerAfterProduction() {
    Mocks.register("showOpenActionItems", new ShowOpenActionItems());
    Mocks.register("recordUnhealthyProduction", new RecordUnhealthyProduction());
    Mocks.register("incidentReports", new IncidentReports());
    Mocks.register("recordRollback", new RecordRollback());
    Mocks.register("checkActionItems", new CheckActionItems());
    Mocks.register("startImprovementActions", new StartImprovementActions(configured()));
    // the pack itself is written by the application (EvidencePackApiTest), on its database
    Mocks.register("freezeEvidencePack", new FreezeEvidencePack(Mockito.mock(EvidencePacks.class)));
  }

  /** The due dates as application.yaml configures them. */
  public static DueDateProperties configured() {
    try {
      var sources =
          new YamlPropertySourceLoader()
              .load("application", new ClassPathResource("application.yaml"));
      return new Binder(ConfigurationPropertySources.from(sources))
          .bind("releasedesk.due", DueDateProperties.class)
          .get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The due-date variables a release has from its start, for trusted code that starts a release at a later step: the
   * release sets them itself only once its start is complete, after the step's timers are made.
   */
  public static Map<String, Object> dueDateVariables() {
    var dueDates = new DueDates(configured());
    var variables = new HashMap<String, Object>();
    Bpmn.readModelFromFile(new File("processes/release.bpmn"))
        .getModelElementsByType(UserTask.class)
        .forEach(
            task -> {
              variables.put(
                  ReleaseProcess.Variables.dueIn(task.getId()).getName(),
                  dueDates.dueIn(task.getId(), null).toString());
              variables.put(
                  ReleaseProcess.Variables.escalateIn(task.getId()).getName(),
                  dueDates.escalateIn(task.getId(), null).toString());
            });
    return variables;
  }

  public RecordedNotifications notifications() {
    return notifications;
  }

  /**
   * Fires the timer of the boundary event when it is due (the engine's clock moved just past its due date), and runs
   * the notification step that follows it, as the job executor would.
   */
  public void fire(String processInstanceId, String boundaryEvent, String notificationStep) {
    Job timer =
        engine
            .getManagementService()
            .createJobQuery()
            .processInstanceId(processInstanceId)
            .timers()
            .activityId(boundaryEvent)
            .singleResult();
    assertThat(timer).as("the timer of " + boundaryEvent).isNotNull();
    ClockUtil.setCurrentTime(new Date(timer.getDuedate().getTime() + 1000));
    try {
      engine.getManagementService().executeJob(timer.getId());
      Job step =
          engine
              .getManagementService()
              .createJobQuery()
              .processInstanceId(processInstanceId)
              .activityId(notificationStep)
              .executable()
              .singleResult();
      assertThat(step).as("the notification step " + notificationStep).isNotNull();
      engine.getManagementService().executeJob(step.getId());
    } finally {
      ClockUtil.reset();
    }
  }

  /** The Due and Overdue timers of the user task fire, one after the other. */
  public void remindAndEscalate(String processInstanceId, String taskId) {
    String name = taskId.substring(taskId.indexOf('_') + 1);
    fire(processInstanceId, "Event_" + name + "Due", "Event_Remind" + name);
    fire(processInstanceId, "Event_" + name + "Overdue", "Event_Escalate" + name);
  }
}
