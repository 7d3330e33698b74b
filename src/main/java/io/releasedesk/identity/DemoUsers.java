package io.releasedesk.identity;

import io.releasedesk.release.ReleaseProcess.Groups;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The {@code demo} profile's people: one per role, each with their user id as password. Never active without
 * {@code demo}, so no other installation has users with known passwords.
 */
@Component
@Profile("demo")
public class DemoUsers {

  /** A demo person. */
  public record DemoUser(String id, String firstName, String lastName, List<String> groups) {
    public String password() {
      return id;
    }
  }

  public static final List<DemoUser> USERS =
      List.of(
          new DemoUser("rita", "Rita", "Release manager", List.of(Groups.RELEASE_MANAGERS)),
          new DemoUser("devon", "Devon", "Developer", List.of(Groups.DEVELOPERS)),
          new DemoUser("quinn", "Quinn", "QA engineer", List.of(Groups.QA)),
          new DemoUser("otto", "Otto", "Operations engineer", List.of(Groups.OPERATIONS)),
          new DemoUser("carol", "Carol", "CAB member", List.of(Groups.CAB)),
          new DemoUser("chris", "Chris", "CAB member", List.of(Groups.CAB)),
          // the process owner also manages releases, so a release Rita requests has a second
          // release manager
          new DemoUser(
              "paula",
              "Paula",
              "Process owner",
              List.of(Groups.PROCESS_OWNERS, Groups.RELEASE_MANAGERS)),
          new DemoUser("mona", "Mona", "Manager", List.of(Groups.RELEASE_VIEWERS)),
          new DemoUser("ci-bot", "CI", "Build server", List.of(Groups.CI)),
          new DemoUser("admin", "Ada", "Administrator", List.of(Groups.CAMUNDA_ADMIN)));

  private final IdentityService identityService;

  public DemoUsers(IdentityService identityService) {
    this.identityService = identityService;
  }

  /** Creates the demo people who do not exist yet; needs the groups. */
  public void createMissing() {
    for (DemoUser demo : USERS) {
      if (identityService.createUserQuery().userId(demo.id()).count() > 0) {
        continue;
      }
      var user = identityService.newUser(demo.id());
      user.setFirstName(demo.firstName());
      user.setLastName(demo.lastName());
      // example.com is reserved for examples: no real mailbox gets a demo's notifications
      user.setEmail(demo.id() + "@example.com");
      user.setPassword(demo.password());
      identityService.saveUser(user);
      demo.groups().forEach(group -> identityService.createMembership(demo.id(), group));
    }
  }
}
