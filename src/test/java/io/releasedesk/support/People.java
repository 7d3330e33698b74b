package io.releasedesk.support;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;

/** The demo people as the engine knows them. */
public final class People {

  private People() {}

  /** The ids of the groups the user is a member of, as the login would pass them on to the engine. */
  public static List<String> groupsOf(IdentityService identityService, String user) {
    return identityService.createGroupQuery().groupMember(user).listPage(0, 100).stream()
        .map(Group::getId)
        .toList();
  }
}
