package io.releasedesk.notification;

import io.releasedesk.engine.ExplainedFailure;
import io.releasedesk.notification.Deliveries.DeliveryKey;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Announces a milestone to everyone who hears about it, by mail and chat. Each recipient is tried once per call and
 * skipped when an earlier attempt reached it already; what failed is reported together at the end.
 */
@Service
public class Notifications {

  private final Notices notices;
  private final Audience audience;
  private final Addresses addresses;
  private final MailChannel mail;
  private final ChatChannel chat;
  private final Deliveries deliveries;

  public Notifications(
      Notices notices,
      Audience audience,
      Addresses addresses,
      MailChannel mail,
      ChatChannel chat,
      Deliveries deliveries) {
    this.notices = notices;
    this.audience = audience;
    this.addresses = addresses;
    this.mail = mail;
    this.chat = chat;
    this.deliveries = deliveries;
  }

  /** @throws NotificationFailedException naming each recipient that could not be reached, and why */
  public void announce(Occasion occasion, DeliveryKey key) {
    Notice notice = notices.compose(occasion);
    var failures = new ArrayList<String>();
    for (String address : addresses.of(audience.people(occasion))) {
      deliver(
          key, "mail:" + address, () -> mail.send(address, notice), "mail to " + address, failures);
    }
    for (String webhook : audience.chatWebhooks(occasion)) {
      deliver(
          key,
          "chat:" + webhook,
          () -> chat.post(webhook, notice),
          "chat webhook " + host(webhook),
          failures);
    }
    if (!failures.isEmpty()) {
      throw new NotificationFailedException(
          occasion.milestone().id()
              + " of "
              + occasion.releaseKey()
              + ": "
              + String.join("; ", failures));
    }
  }

  private void deliver(
      DeliveryKey key, String recipient, Runnable send, String what, List<String> failures) {
    if (deliveries.delivered(key, recipient)) {
      return;
    }
    try {
      send.run();
    } catch (RuntimeException e) {
      failures.add(what + " failed: " + reason(e));
      return;
    }
    deliveries.record(key, recipient);
  }

  /** The innermost cause's message, in one line: a mail server's or webhook's answer, or why there was none. */
  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }

  /** A webhook's URL holds its secret: messages name its host only. */
  private static String host(String webhook) {
    try {
      return java.net.URI.create(webhook).getHost();
    } catch (IllegalArgumentException e) {
      return "(not a URL)";
    }
  }

  /**
   * Some recipients of a notification could not be reached; the message names each and why, so a failed attempt is
   * one WARN line.
   */
  public static class NotificationFailedException extends RuntimeException
      implements ExplainedFailure {
    public NotificationFailedException(String message) {
      super(message);
    }
  }
}
