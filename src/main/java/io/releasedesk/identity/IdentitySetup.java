package io.releasedesk.identity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/** Creates, at start-up and before the web server takes requests, what people need to find and do their work. */
@Component
class IdentitySetup implements SmartInitializingSingleton {

  private final ReleaseDeskGroups groups;
  private final ObjectProvider<DemoUsers> demoUsers;
  private final TasklistFilters filters;

  IdentitySetup(ReleaseDeskGroups groups, ObjectProvider<DemoUsers> demoUsers, TasklistFilters filters) {
    this.groups = groups;
    this.demoUsers = demoUsers;
    this.filters = filters;
  }

  @Override
  public void afterSingletonsInstantiated() {
    groups.createMissing();
    demoUsers.ifAvailable(DemoUsers::createMissing);
    filters.createMissing();
  }
}
