package io.releasedesk.identity;

import io.releasedesk.release.ReleaseProcess.Groups;
import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Outside the demo profile, the administrator who sets up everybody else. Release Desk refuses to start without
 * the credentials: otherwise Camunda Admin would offer its "create the first administrator" page to whoever comes
 * first.
 */
@Component
@Profile("!demo")
public class InitialAdministrator {

  private static final Logger LOG = LoggerFactory.getLogger(InitialAdministrator.class);

  private final IdentityService identityService;
  private final AdministratorProperties administrator;

  public InitialAdministrator(
      IdentityService identityService, AdministratorProperties administrator) {
    if (administrator.user() == null || administrator.user().isBlank()) {
      throw new MissingAdministratorException("RELEASEDESK_ADMIN_USER");
    }
    if (administrator.password() == null || administrator.password().isBlank()) {
      throw new MissingAdministratorException("RELEASEDESK_ADMIN_PASSWORD");
    }
    if (!PeopleIds.isValid(administrator.user().strip())) {
      throw new InvalidAdministratorIdException(administrator.user().strip());
    }
    this.identityService = identityService;
    this.administrator = administrator;
  }

  /**
   * Creates the administrator if missing, and makes sure they belong to camunda-admin and are not locked out (a
   * restart with the variables set unlocks them); needs the groups.
   */
  public void createIfMissing() {
    String id = administrator.user().strip();
    if (identityService.createUserQuery().userId(id).count() == 0) {
      var user = identityService.newUser(id);
      user.setFirstName("Release Desk");
      user.setLastName("Administrator");
      user.setPassword(administrator.password());
      identityService.saveUser(user);
      LOG.info("Created the administrator {}", id);
    }
    if (identityService.createUserQuery().userId(id).memberOfGroup(Groups.CAMUNDA_ADMIN).count()
        == 0) {
      identityService.createMembership(id, Groups.CAMUNDA_ADMIN);
    }
    identityService.unlockUser(id);
  }
}
