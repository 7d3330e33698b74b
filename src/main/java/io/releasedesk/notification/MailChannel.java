package io.releasedesk.notification;

import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends a notice as a mail, HTML with a plain-text alternative, through Spring Boot's mail sender
 * ({@code spring.mail.*}). Without {@code spring.mail.host} there is no sender: each mail is then one INFO line
 * (to, subject), so a demo runs without a mail server.
 */
@Component
public class MailChannel {

  private static final Logger LOG = LoggerFactory.getLogger(MailChannel.class);

  private final JavaMailSender sender;
  private final NoticeTemplates templates;
  private final String from;

  public MailChannel(
      ObjectProvider<JavaMailSender> sender,
      NoticeTemplates templates,
      NotificationProperties properties) {
    this.sender = sender.getIfAvailable();
    this.templates = templates;
    this.from = properties.from();
  }

  /** Sends one mail; a failure of the mail server is a {@link MailException}. */
  public void send(String to, Notice notice) {
    if (sender == null) {
      LOG.info(
          "Mail to {}: {} (no mail server configured: set spring.mail.host)", to, notice.subject());
      return;
    }
    var message = sender.createMimeMessage();
    try {
      var helper = new MimeMessageHelper(message, true, "UTF-8");
      helper.setFrom(from);
      helper.setTo(to);
      helper.setSubject(notice.subject());
      helper.setText(templates.text(notice), templates.html(notice));
    } catch (MessagingException e) {
      throw new IllegalStateException("Cannot write the mail to " + to + ": " + e.getMessage(), e);
    }
    sender.send(message);
  }
}
