package io.releasedesk.notification;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Release Desk tells people about releases. Mails go through Spring Boot's {@code spring.mail.*} SMTP settings;
 * without {@code spring.mail.host} each mail is one line in the log instead.
 *
 * @param baseUrl where people reach Release Desk: the links in mails and chat messages start with it
 * @param from the sender of the mails
 * @param chatWebhook an incoming webhook (Slack-compatible JSON) that hears about every release, beside those of the
 *     services in the catalog; empty for none
 * @param requestTimeout how long a chat webhook may take to connect and to answer
 */
@Validated
@ConfigurationProperties("releasedesk.notification")
public record NotificationProperties(
    @NotBlank
        @Pattern(
            regexp = "^https?://\\S+[^/]$",
            message = "must be an http(s) URL without a trailing /")
        @DefaultValue("http://localhost:8080")
        String baseUrl,
    @NotBlank @DefaultValue("release-desk@localhost") String from,
    @Pattern(regexp = "^(https?://\\S+)?$", message = "must be an http(s) URL") @DefaultValue("")
        String chatWebhook,
    @NotNull @DefaultValue("PT10S") Duration requestTimeout) {}
