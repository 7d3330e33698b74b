package io.releasedesk.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.releasedesk.improvement.ImprovementAction;
import io.releasedesk.release.ReleaseProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * Release Desk's figures as gauges named {@code releasedesk_*} for Prometheus ({@code /actuator/prometheus}): releases
 * running, open action items, and the delivery metrics over the last {@value #WINDOW_DAYS} days. Computed over every
 * release, at most once per {@link #REFRESH} however often they are scraped; a gauge without a value (no release
 * counted) reads NaN.
 */
@Component
class ReleaseGauges implements MeterBinder {

  static final int WINDOW_DAYS = 30;
  static final Duration REFRESH = Duration.ofSeconds(30);

  /** The figures of one moment. */
  record Snapshot(
      Instant at,
      double running,
      double openActionItems,
      double deploymentsPerWeek,
      double leadTimeHours,
      double changeFailureRate,
      double timeToRestoreHours,
      double approvalWaitHours) {}

  private final DeliveryMetrics metrics;
  private final RuntimeService runtimeService;
  private final TaskService taskService;
  private final ProcessEngineConfigurationImpl engine;
  private volatile Snapshot snapshot;

  ReleaseGauges(
      DeliveryMetrics metrics,
      RuntimeService runtimeService,
      TaskService taskService,
      ProcessEngineConfigurationImpl engine) {
    this.metrics = metrics;
    this.runtimeService = runtimeService;
    this.taskService = taskService;
    this.engine = engine;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(registry, "releasedesk.releases.running", "Releases under way", Snapshot::running);
    gauge(
        registry,
        "releasedesk.action.items.open",
        "Open action items of retrospectives",
        Snapshot::openActionItems);
    gauge(
        registry,
        "releasedesk.deployments.per.week",
        "Healthy production deployments per week, over the last " + WINDOW_DAYS + " days",
        Snapshot::deploymentsPerWeek);
    gauge(
        registry,
        "releasedesk.lead.time.hours",
        "Median lead time for changes in hours, over the last " + WINDOW_DAYS + " days",
        Snapshot::leadTimeHours);
    gauge(
        registry,
        "releasedesk.change.failure.rate",
        "Failed among classified releases in production (0 to 1), over the last "
            + WINDOW_DAYS
            + " days",
        Snapshot::changeFailureRate);
    gauge(
        registry,
        "releasedesk.time.to.restore.hours",
        "Median time to restore in hours, over the last " + WINDOW_DAYS + " days",
        Snapshot::timeToRestoreHours);
    gauge(
        registry,
        "releasedesk.approval.wait.hours",
        "Median wait of an approval round in hours, over the last " + WINDOW_DAYS + " days",
        Snapshot::approvalWaitHours);
  }

  private void gauge(
      MeterRegistry registry, String name, String description, ToDoubleFunction<Snapshot> figure) {
    Gauge.builder(name, this, gauges -> figure.applyAsDouble(gauges.current()))
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  /** The figures, computed afresh when older than the refresh interval (one scrape computes them for all gauges). */
  synchronized Snapshot current() {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    if (snapshot == null
        || !snapshot.at().plus(REFRESH).isAfter(now)
        || snapshot.at().isAfter(now)) {
      snapshot = withoutAuthorization(() -> compute(now));
    }
    return snapshot;
  }

  /** Forgets the figures, so that the next scrape computes them afresh. */
  synchronized void refresh() {
    snapshot = null;
  }

  private Snapshot compute(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
    var answer =
        metrics.compute(
            null,
            Period.of(
                today.minusDays(WINDOW_DAYS - 1).toString(), today.toString(), "week", today));
    long running =
        runtimeService
            .createProcessInstanceQuery()
            .processDefinitionKey(ReleaseProcess.KEY)
            .count();
    long actionItems =
        taskService.createTaskQuery().processDefinitionKey(ImprovementAction.KEY).active().count();
    return new Snapshot(
        now,
        running,
        actionItems,
        value(answer.deploymentFrequency()),
        value(answer.leadTimeForChanges()),
        value(answer.changeFailureRate()),
        value(answer.timeToRestore()),
        value(answer.approvalWaitTime()));
  }

  private static double value(DeliveryMetrics.Metric metric) {
    return metric.value() == null ? Double.NaN : metric.value();
  }

  private <T> T withoutAuthorization(Callable<T> computation) {
    return engine
        .getCommandExecutorTxRequired()
        .execute(context -> context.runWithoutAuthorization(computation));
  }
}
