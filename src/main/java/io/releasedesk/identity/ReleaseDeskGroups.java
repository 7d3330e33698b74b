package io.releasedesk.identity;

import static org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_SYSTEM;
import static org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_WORKFLOW;

import io.releasedesk.release.ReleaseProcess.Groups;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.stereotype.Component;

/** The groups Release Desk's models and permissions refer to. */
@Component
public class ReleaseDeskGroups {

  public static final String PROCESS_OWNERS = "process-owners";
  /** Managers who follow every release in Cockpit without changing anything. */
  public static final String RELEASE_VIEWERS = "release-viewers";
  /** CI systems: they post test results of release candidates and do nothing else. */
  public static final String CI = "ci";
  public static final String CAMUNDA_ADMIN = org.camunda.bpm.engine.authorization.Groups.CAMUNDA_ADMIN;

  /** Group id to display name, in the order they are listed to people. */
  public static final Map<String, String> ALL;

  static {
    var groups = new LinkedHashMap<String, String>();
    groups.put(Groups.RELEASE_MANAGERS, "Release managers");
    groups.put(Groups.DEVELOPERS, "Developers");
    groups.put(Groups.QA, "QA engineers");
    groups.put(Groups.OPERATIONS, "Operations engineers");
    groups.put(Groups.CAB, "Change advisory board");
    groups.put(PROCESS_OWNERS, "Process owners");
    groups.put(RELEASE_VIEWERS, "Release viewers");
    groups.put(CI, "CI systems");
    groups.put(CAMUNDA_ADMIN, "Administrators");
    ALL = Collections.unmodifiableMap(groups);
  }

  private final IdentityService identityService;

  public ReleaseDeskGroups(IdentityService identityService) {
    this.identityService = identityService;
  }

  public void createMissing() {
    ALL.forEach((id, name) -> {
      if (identityService.createGroupQuery().groupId(id).count() == 0) {
        var group = identityService.newGroup(id);
        group.setName(name);
        group.setType(CAMUNDA_ADMIN.equals(id) ? GROUP_TYPE_SYSTEM : GROUP_TYPE_WORKFLOW);
        identityService.saveGroup(group);
      }
    });
  }
}
