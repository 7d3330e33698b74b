package io.releasedesk.notification;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

/**
 * Email addresses of people as Release Desk knows them: a user id is that user's address in Camunda's identity, a group
 * id the addresses of its members, and an address stays as it is. Someone without an address gets no mail.
 */
@Component
public class Addresses {

  /** More members than a group of people who approve releases has; a query must be paged. */
  private static final int MAX_GROUP_MEMBERS = 500;

  private final IdentityService identityService;

  public Addresses(IdentityService identityService) {
    this.identityService = identityService;
  }

  public Set<String> of(Collection<String> people) {
    var addresses = new LinkedHashSet<String>();
    for (String entry : people) {
      if (entry.contains("@")) {
        addresses.add(entry);
        continue;
      }
      User user = identityService.createUserQuery().userId(entry).singleResult();
      if (user != null) {
        add(addresses, user);
      } else {
        identityService
            .createUserQuery()
            .memberOfGroup(entry)
            .listPage(0, MAX_GROUP_MEMBERS)
            .forEach(member -> add(addresses, member));
      }
    }
    return addresses;
  }

  private static void add(Set<String> addresses, User user) {
    if (user.getEmail() != null && !user.getEmail().isBlank()) {
      addresses.add(user.getEmail());
    }
  }
}
