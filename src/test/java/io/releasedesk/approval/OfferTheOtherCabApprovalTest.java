package io.releasedesk.approval;

import static io.releasedesk.release.ReleaseProcess.Variables.APPROVED_BY;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.REQUESTED_BY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Elements;
import io.releasedesk.release.ReleaseProcess.Groups;
import io.releasedesk.release.ReleaseProcessSetup;
import io.releasedesk.reminders.Reminders;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Once one CAB member has decided, the CAB approval still open is offered to the other members only: not to the one
 * who decided, nor to the requester. Door: the engine (Tasklist's lists are task queries by candidate user).
 */
@Deployment(resources = {"processes/release.bpmn", "forms/approve-release.form"})
class OfferTheOtherCabApprovalTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension =
      ProcessEngineCoverageExtension.builder(ReleaseProcessSetup.ENGINE_CONFIGURATION).build();

  ProcessEngine engine;
  IdentityService identity;
  TaskService tasks;

  @BeforeEach
  void cabAndApprovalListeners() {
    identity = engine.getIdentityService();
    tasks = engine.getTaskService();
    identity.saveGroup(identity.newGroup(Groups.CAB));
    for (String member : List.of("carol", "chris", "cleo", "rita")) {
      identity.saveUser(identity.newUser(member));
      identity.createMembership(member, Groups.CAB);
    }
    Mocks.register("fourEyesApproval", new FourEyesApproval());
    Mocks.register("offerTheOtherCabApproval", new OfferTheOtherCabApproval());
    Reminders.register(engine);
  }

  @AfterEach
  void forgetPeople() {
    identity.clearAuthentication();
    identity.createUserQuery().list().forEach(user -> identity.deleteUser(user.getId()));
    identity.deleteGroup(Groups.CAB);
    Mocks.reset();
  }

  @Test
  void theSecondApprovalGoesToTheMembersWhoHaveNotDecided() {
    // given: a high-risk release Rita (a CAB member too) requested waits for two CAB approvals
    ProcessInstance release =
        engine
            .getRuntimeService()
            .createProcessInstanceByKey(ReleaseProcess.KEY)
            .businessKey("payments@2.4.0")
            .setVariables(Reminders.dueDateVariables())
            .setVariable(REQUESTED_BY.getName(), "rita")
            // as the approval round opens it
            .setVariable(APPROVED_BY.getName(), "")
            .startBeforeActivity(Elements.TASK_APPROVE_AS_CAB_MEMBER + "#multiInstanceBody")
            .execute();
    List<Task> approvals =
        tasks.createTaskQuery().processInstanceId(release.getId()).listPage(0, 10);
    assertThat(approvals).hasSize(2);
    assertThat(tasks.createTaskQuery().taskCandidateUser("carol").count()).isEqualTo(2);

    // when: Carol approves one
    identity.setAuthentication("carol", List.of(Groups.CAB));
    tasks.claim(approvals.get(0).getId(), "carol");
    tasks.complete(approvals.get(0).getId(), Map.of(DECISION.getName(), FourEyesApproval.APPROVE));
    identity.clearAuthentication();

    // then: the other is offered to Chris and Cleo, by name, and no longer to the whole CAB
    String other = approvals.get(1).getId();
    assertThat(tasks.getIdentityLinksForTask(other))
        .extracting(IdentityLink::getUserId, IdentityLink::getGroupId)
        .containsExactlyInAnyOrder(tuple("chris", null), tuple("cleo", null));
    assertThat(tasks.createTaskQuery().taskCandidateUser("carol").list()).isEmpty();
    assertThat(tasks.createTaskQuery().taskCandidateUser("rita").list()).isEmpty();
    assertThat(tasks.createTaskQuery().taskCandidateUser("chris").list())
        .extracting(Task::getId)
        .containsExactly(other);
  }
}
