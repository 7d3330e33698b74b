package io.releasedesk.notification;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.release.ReleaseProcess.Groups;
import io.releasedesk.release.ReleaseProcess.Variables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Who hears about a milestone. Mails: the service's {@code announce-to} list (its owners when it has none), the
 * requester and the plan's stakeholders; for approval needed also those who approve; a reminder only the open task's
 * assignee or candidates, an escalation only the release managers. Chat: the service's webhook and the one for every
 * release; reminders are personal and go by mail only.
 */
@Component
public class Audience {

  private final ServiceCatalog catalog;
  private final NotificationProperties properties;

  public Audience(ServiceCatalog catalog, NotificationProperties properties) {
    this.catalog = catalog;
    this.properties = properties;
  }

  /** User ids, group ids and email addresses, as configured. */
  public Set<String> people(Occasion occasion) {
    var people = new LinkedHashSet<String>();
    switch (occasion.milestone()) {
      case REMINDER -> {
        if (occasion.task().assignee() != null) {
          people.add(occasion.task().assignee());
        } else {
          people.addAll(occasion.task().candidateUsers());
          people.addAll(occasion.task().candidateGroups());
        }
      }
      case ESCALATION -> people.add(Groups.RELEASE_MANAGERS);
      default -> {
        service(occasion)
            .ifPresent(
                service ->
                    people.addAll(
                        service.announceTo() == null || service.announceTo().isEmpty()
                            ? service.owners()
                            : service.announceTo()));
        String requester = occasion.text(Variables.REQUESTED_BY.getName());
        if (requester != null) {
          people.add(requester);
        }
        people.addAll(split(occasion.text(Variables.STAKEHOLDERS.getName())));
        if (occasion.milestone() == Milestone.APPROVAL_NEEDED) {
          String policy = occasion.text(Variables.APPROVAL_POLICY.getName());
          if ("release-manager".equals(policy)) {
            people.add(Groups.RELEASE_MANAGERS);
          } else if ("cab".equals(policy)) {
            people.add(Groups.CAB);
          }
        }
      }
    }
    return people;
  }

  /** The chat webhooks to post to. */
  public List<String> chatWebhooks(Occasion occasion) {
    var hooks = new ArrayList<String>();
    if (occasion.milestone() == Milestone.REMINDER) {
      return hooks;
    }
    service(occasion)
        .map(ServiceDefinition::chatWebhook)
        .filter(hook -> !hook.isBlank())
        .ifPresent(hooks::add);
    if (!properties.chatWebhook().isBlank() && !hooks.contains(properties.chatWebhook())) {
      hooks.add(properties.chatWebhook());
    }
    return hooks;
  }

  private java.util.Optional<ServiceDefinition> service(Occasion occasion) {
    String name = occasion.text(Variables.SERVICE.getName());
    return name == null ? java.util.Optional.empty() : catalog.find(name);
  }

  static List<String> split(String list) {
    return list == null
        ? List.of()
        : Arrays.stream(list.split("[,;\\s]+"))
            .map(String::trim)
            .filter(entry -> !entry.isEmpty())
            .toList();
  }
}
