package io.releasedesk.release;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the release lifecycle.
 *
 * @param observationPeriod how long a release is watched in production before its retrospective is due
 */
@Validated
@ConfigurationProperties("releasedesk.release")
public record ReleaseProperties(@NotNull @DefaultValue("P3D") Duration observationPeriod) {}
