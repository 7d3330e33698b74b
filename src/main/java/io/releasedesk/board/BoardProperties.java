package io.releasedesk.board;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the release board.
 *
 * @param finishedWithin how long a finished release stays on the board after it ended
 */
@Validated
@ConfigurationProperties("releasedesk.board")
public record BoardProperties(@NotNull @DefaultValue("P30D") Duration finishedWithin) {}
