package io.releasedesk.browser;

import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.COMMENT;
import static io.releasedesk.release.ReleaseProcess.Variables.DECISION;
import static io.releasedesk.release.ReleaseProcess.Variables.DEFECTS_FOUND;
import static io.releasedesk.release.ReleaseProcess.Variables.QA_RESULT;
import static io.releasedesk.release.ReleaseProcess.Variables.TEST_SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseProcess.Elements;
import java.time.LocalDate;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The planning form after a rejected approval, in headless Chromium: it says who rejected which candidate and why,
 * and asks what must be redone; the first plan does not ask. Choosing only the approval sends the same candidate
 * straight back to approval.
 */
@BrowserTest
class RedoAfterRejectionBrowserTest extends BrowserTestSupport {

  static final String KEY = "payments@2.4.0";

  @RegisterExtension static WireMockExtension targets = DeploymentTargets.peer();

  @DynamicPropertySource
  static void targets(DynamicPropertyRegistry registry) {
    DeploymentTargets.answeredBy(targets, registry);
  }

  @BeforeEach
  void stagingAcceptsDeployments() {
    DeploymentTargets.accepting(targets);
  }

  @Test
  void afterARejectionThePlanAsksWhatMustBeRedoneAndOnlyTheApprovalIsAskedAgain() {
    // given payments 2.4.0: the first plan does not ask what must be redone
    request("payments", "2.4.0", "CSV export for finance", LocalDate.now().plusWeeks(2), false);
    Tasklist tasklist = tasklistAs("rita");
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);
    tasklist.openTask(taskOf(KEY, Elements.TASK_PLAN_RELEASE).getId());
    assertThat(tasklist.formHeading()).isEqualTo("Plan payments 2.4.0");
    assertThat(tasklist.formText()).doesNotContain("what must be redone");

    // and it is planned, verified as 2.4.0-rc.1 and rejected by Paula
    api().work(KEY, "rita", Elements.TASK_PLAN_RELEASE, Map.of(CHANGE_SIZE.getName(), "large"));
    api().teamsReady(KEY);
    api()
        .work(
            KEY,
            "quinn",
            Elements.TASK_VERIFY_RELEASE_CANDIDATE,
            Map.of(
                QA_RESULT.getName(),
                "pass",
                DEFECTS_FOUND.getName(),
                0,
                TEST_SUMMARY.getName(),
                "Green"));
    api()
        .work(
            KEY,
            "paula",
            Elements.TASK_APPROVE_AS_RELEASE_MANAGER,
            Map.of(
                DECISION.getName(), "reject", COMMENT.getName(), "The rollback plan is missing"));

    // when Rita opens the plan again
    Task plan = taskOf(KEY, Elements.TASK_PLAN_RELEASE);
    tasklist.showFilter(TasklistFilters.MY_GROUPS_TASKS);
    tasklist.openTask(plan.getId());

    // then it says who rejected which candidate and why, and asks what must be redone
    assertThat(tasklist.formText())
        .contains(
            "The approval was rejected: what must be redone?",
            "paula rejected candidate 2.4.0-rc.1: The rollback plan is missing");
    tasklist.claim();
    tasklist.choose("Only the approval: its conditions are met now (same candidate)");
    tasklist.complete();

    // and the same candidate goes straight back to approval
    assertThat(taskOf(KEY, Elements.TASK_APPROVE_AS_RELEASE_MANAGER)).isNotNull();
    assertThat(CANDIDATE_VERSION.from(runtimeService, plan.getProcessInstanceId()).get())
        .isEqualTo("2.4.0-rc.1");
    assertThat(
            taskService
                .createTaskQuery()
                .processInstanceBusinessKey(KEY)
                .taskDefinitionKey(Elements.TASK_CONFIRM_DEVELOPMENT_READINESS)
                .count())
        .isZero();
  }
}
