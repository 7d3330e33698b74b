package io.releasedesk.identity;

import static org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_SYSTEM;
import static org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_WORKFLOW;

import io.releasedesk.release.ReleaseProcess.Groups;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.stereotype.Component;

/** The groups Release Desk's models and permissions refer to (their ids: {@link Groups}), with their names. */
@Component
public class ReleaseDeskGroups {

  /** Group id to display name, in the order they are listed to people. */
  public static final Map<String, String> ALL;

  static {
    var groups = new LinkedHashMap<String, String>();
    groups.put(Groups.RELEASE_MANAGERS, "Release managers");
    groups.put(Groups.DEVELOPERS, "Developers");
    groups.put(Groups.QA, "QA engineers");
    groups.put(Groups.OPERATIONS, "Operations engineers");
    groups.put(Groups.CAB, "Change advisory board");
    groups.put(Groups.PROCESS_OWNERS, "Process owners");
    groups.put(Groups.RELEASE_VIEWERS, "Release viewers");
    groups.put(Groups.CI, "CI systems");
    groups.put(Groups.CAMUNDA_ADMIN, "Administrators");
    ALL = Collections.unmodifiableMap(groups);
  }

  private final IdentityService identityService;

  public ReleaseDeskGroups(IdentityService identityService) {
    this.identityService = identityService;
  }

  public void createMissing() {
    ALL.forEach(
        (id, name) -> {
          if (identityService.createGroupQuery().groupId(id).count() == 0) {
            var group = identityService.newGroup(id);
            group.setName(name);
            group.setType(
                Groups.CAMUNDA_ADMIN.equals(id) ? GROUP_TYPE_SYSTEM : GROUP_TYPE_WORKFLOW);
            identityService.saveGroup(group);
          }
        });
  }
}
