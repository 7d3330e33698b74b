package io.releasedesk.notification;

import java.util.Map;

/**
 * A notification, the same for every channel.
 *
 * @param subject the mail's subject and the chat message's first line, naming the release
 * @param headline what happened, in a sentence
 * @param details facts that matter for this milestone, by label, in order (who, why, when)
 * @param linkText what the link opens
 * @param link the task in Tasklist or the release in Cockpit
 */
public record Notice(
    String subject, String headline, Map<String, String> details, String linkText, String link) {}
