package io.releasedesk.identity;

import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;

/**
 * The engine's identity service, refusing a user or group id that breaks {@link PeopleIds}' rule with that rule in
 * words (400 over HTTP, no error in the log), whatever the door: Camunda Admin, the engine REST API, Java. Without it
 * the engine's own check would refuse the same ids with "is not a valid resource identifier", as a server error.
 */
public class CheckedIdsIdentityService extends IdentityServiceImpl {

  @Override
  public void saveUser(User user, boolean skipPasswordPolicy) {
    if (user != null) {
      PeopleIds.check("User", user.getId());
    }
    super.saveUser(user, skipPasswordPolicy);
  }

  @Override
  public void saveGroup(Group group) {
    if (group != null) {
      PeopleIds.check("Group", group.getId());
    }
    super.saveGroup(group);
  }
}
