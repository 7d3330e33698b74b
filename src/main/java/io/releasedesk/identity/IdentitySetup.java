package io.releasedesk.identity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Creates the people, groups, task lists and permissions Release Desk needs ({@link StartUp} calls it at start-up).
 * Each step creates only what is missing, so restarts change nothing.
 */
@Component
class IdentitySetup {

  private final ReleaseDeskGroups groups;
  private final ObjectProvider<DemoUsers> demoUsers;
  private final ObjectProvider<InitialAdministrator> administrator;
  private final TasklistFilters filters;
  private final ReleaseDeskAuthorizations authorizations;

  IdentitySetup(
      ReleaseDeskGroups groups,
      ObjectProvider<DemoUsers> demoUsers,
      ObjectProvider<InitialAdministrator> administrator,
      TasklistFilters filters,
      ReleaseDeskAuthorizations authorizations) {
    this.groups = groups;
    this.demoUsers = demoUsers;
    this.administrator = administrator;
    this.filters = filters;
    this.authorizations = authorizations;
  }

  void setUp() {
    groups.createMissing();
    demoUsers.ifAvailable(DemoUsers::createMissing);
    administrator.ifAvailable(InitialAdministrator::createIfMissing);
    filters.createMissing();
    authorizations.grantMissing();
  }
}
