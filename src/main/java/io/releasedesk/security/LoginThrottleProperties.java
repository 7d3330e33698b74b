package io.releasedesk.security;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long wrong passwords slow down the next attempts, per client address and user.
 *
 * @param failuresBeforeDelay wrong passwords in a row from one address for one user that are answered at once
 *     (default 5)
 * @param delay how long that address then waits before its passwords for that user are checked again, counted from
 *     its last wrong password (default five minutes); the wait always ends
 */
@Validated
@ConfigurationProperties("releasedesk.login")
public record LoginThrottleProperties(
    @DefaultValue("5") @Min(1) int failuresBeforeDelay,
    @DefaultValue("PT5M") @NotNull Duration delay) {}
