package io.releasedesk.identity;

import io.releasedesk.engine.StartUpLock;
import io.releasedesk.models.ModelDeployer;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * What a node does on the database as it starts, before the web server takes requests: the groups, people, task
 * lists and permissions ({@link IdentitySetup}), and the models ({@link ModelDeployer}). Several nodes share one
 * database, and two may start at the same moment: the work runs holding the {@link StartUpLock}, in one transaction,
 * so the second node waits and then finds everything made, instead of creating it a second time.
 */
@Component
class StartUp implements SmartInitializingSingleton {

  private final StartUpLock lock;
  private final IdentitySetup identity;
  private final ModelDeployer models;

  StartUp(StartUpLock lock, IdentitySetup identity, ModelDeployer models) {
    this.lock = lock;
    this.identity = identity;
    this.models = models;
  }

  @Override
  public void afterSingletonsInstantiated() {
    run();
  }

  void run() {
    lock.holding(
        () -> {
          identity.setUp();
          return models.deploy();
        });
  }
}
