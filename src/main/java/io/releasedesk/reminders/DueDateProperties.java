package io.releasedesk.reminders;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When user tasks are due, and when an overdue task is escalated.
 *
 * @param tasks per user task (its id in the model, e.g. {@code Task_PlanRelease}), how long after it opens it is due
 * @param otherTasks how long a user task that {@code tasks} does not name has
 * @param escalateAfter how long after its due date an open task is escalated to the release managers
 * @param riskFactors per risk level, the factor a task's time is multiplied by once the risk is assessed (a level
 *     not named: 1)
 */
@Validated
@ConfigurationProperties("releasedesk.due")
public record DueDateProperties(
    @NotNull @DefaultValue Map<String, Duration> tasks,
    @NotNull @DefaultValue("P1D") Duration otherTasks,
    @NotNull @DefaultValue("P1D") Duration escalateAfter,
    @NotNull @DefaultValue Map<String, Double> riskFactors) {}
