package io.releasedesk.bench;

import io.releasedesk.release.ReleaseDriver;
import io.releasedesk.release.ReleaseProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.spring.boot.starter.event.ExecutionEvent;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * How far each instance has come, from the events the engine publishes to Spring (camunda.bpm.eventing, on by
 * default), taken as their transaction commits. The walks wait on it for the next task or timer instead of polling the
 * database, so the commits PostgreSQL counts are the application's and the people's, not a waiting client's.
 */
class Progress implements ReleaseDriver.Pace {

  private static final Set<String> APPROVALS =
      Set.of(
          ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER,
          ReleaseProcess.Elements.TASK_APPROVE_AS_CAB_MEMBER);

  private final Duration patience;

  /** Per process instance: the activities it has started and nobody has waited for yet, with their number. */
  private final Map<String, Map<String, Integer>> started = new HashMap<>();

  private final Set<String> ended = new HashSet<>();

  /** Per business key: when its last approval committed ({@link System#nanoTime()}). */
  private final Map<String, Long> approvedAt = new ConcurrentHashMap<>();

  Progress(Duration patience) {
    this.patience = patience;
  }

  @TransactionalEventListener(fallbackExecution = true)
  public void on(ExecutionEvent event) {
    if ("start".equals(event.getEventName())) {
      synchronized (this) {
        started
            .computeIfAbsent(event.getProcessInstanceId(), id -> new HashMap<>())
            .merge(event.getCurrentActivityId(), 1, Integer::sum);
        notifyAll();
      }
    } else if ("end".equals(event.getEventName())
        && APPROVALS.contains(event.getCurrentActivityId())) {
      approvedAt.put(event.getProcessBusinessKey(), System.nanoTime());
    }
  }

  @TransactionalEventListener(fallbackExecution = true)
  public void on(HistoryEvent event) {
    if (event instanceof HistoricProcessInstanceEventEntity instance
        && HistoryEventTypes.PROCESS_INSTANCE_END.getEventName().equals(instance.getEventType())) {
      synchronized (this) {
        ended.add(instance.getProcessInstanceId());
        notifyAll();
      }
    }
  }

  @Override
  public void afterStep() {
    // the application's job executor runs the jobs
  }

  @Override
  public synchronized void awaitActivity(ProcessInstance instance, String activityId) {
    String id = instance.getId();
    await(
        () -> started.getOrDefault(id, Map.of()).getOrDefault(activityId, 0) > 0,
        id + " to reach " + activityId);
    started.get(id).merge(activityId, -1, Integer::sum);
  }

  /** Waits until the instance has ended, and forgets it. */
  synchronized void awaitEnd(ProcessInstance instance) {
    String id = instance.getId();
    await(() -> ended.contains(id), id + " to end");
    ended.remove(id);
    started.remove(id);
  }

  /** Forgets an instance that is left running. */
  synchronized void forget(ProcessInstance instance) {
    started.remove(instance.getId());
  }

  /** When the release's last approval committed, in {@link System#nanoTime()}; null if it has none. */
  Long approvedAt(String businessKey) {
    return approvedAt.get(businessKey);
  }

  private void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + patience.toNanos();
    try {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("Waited " + patience + " in vain for " + what);
        }
        wait(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + what, e);
    }
  }
}
