package io.releasedesk.notification;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Posts a notice to a chat's incoming webhook as Slack-compatible JSON, {@code {"text": "..."}}; Slack, Mattermost,
 * Rocket.Chat and others read it. A failure (no answer, or not 2xx) is an exception.
 */
@Component
public class ChatChannel {

  private final RestClient client;
  private final NoticeTemplates templates;

  public ChatChannel(
      RestClient.Builder builder, NoticeTemplates templates, NotificationProperties properties) {
    var requests = new SimpleClientHttpRequestFactory();
    requests.setConnectTimeout(properties.requestTimeout());
    requests.setReadTimeout(properties.requestTimeout());
    this.client = builder.clone().requestFactory(requests).build();
    this.templates = templates;
  }

  public void post(String webhook, Notice notice) {
    client
        .post()
        .uri(webhook)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("text", templates.chat(notice)))
        .retrieve()
        .toBodilessEntity();
  }
}
