package io.releasedesk.models;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the models are read from at start-up. By default the copies the build put on the classpath; point them at
 * folders ({@code file:/opt/release-desk/processes/}) to deploy models without rebuilding.
 */
@Validated
@ConfigurationProperties("releasedesk.models")
public record ModelProperties(
    @NotBlank @DefaultValue("classpath*:processes/") String processes,
    @NotBlank @DefaultValue("classpath*:forms/") String forms) {}
