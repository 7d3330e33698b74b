package io.releasedesk.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.release.ReleaseProcessSetup;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The first administrator, from RELEASEDESK_ADMIN_USER and RELEASEDESK_ADMIN_PASSWORD. */
class InitialAdministratorTest {

  @RegisterExtension
  static ProcessEngineExtension extension =
      ProcessEngineExtension.builder()
          .configurationResource(ReleaseProcessSetup.ENGINE_CONFIGURATION)
          .build();

  ProcessEngine engine;

  @AfterEach
  void cleanUp() {
    IdentityService identity = engine.getIdentityService();
    identity.createUserQuery().list().forEach(user -> identity.deleteUser(user.getId()));
    identity.createGroupQuery().list().forEach(group -> identity.deleteGroup(group.getId()));
  }

  @Test
  void aRestartWithTheVariablesSetUnlocksTheAdministrator() {
    IdentityService identity = engine.getIdentityService();
    var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    int maxAttempts = configuration.getLoginMaxAttempts();
    new ReleaseDeskGroups(identity).createMissing();
    var administrator =
        new InitialAdministrator(identity, new AdministratorProperties("boss", "s3cret-pw"));
    administrator.createIfMissing();
    try {
      // locked out for good, as Camunda does it after too many wrong passwords
      configuration.setLoginMaxAttempts(1);
      assertThat(identity.checkPassword("boss", "wrong")).isFalse();
      assertThat(identity.checkPassword("boss", "s3cret-pw")).isFalse();

      administrator.createIfMissing();

      assertThat(identity.checkPassword("boss", "s3cret-pw")).isTrue();
    } finally {
      configuration.setLoginMaxAttempts(maxAttempts);
    }
  }
}
