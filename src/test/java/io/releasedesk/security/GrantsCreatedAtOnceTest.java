package io.releasedesk.security;

import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_DEVELOPMENT_READINESS;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_CONFIRM_QA_READINESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Groups;
import io.releasedesk.release.ReleaseProcess.Variables;
import io.releasedesk.reminders.Reminders;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.Cleanup;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two nodes give tasks of one release to the same group at the same moment (as two jobs of a release running at once
 * on two nodes do): both find the group's read grant on the release missing and create it. The database keeps one;
 * the command that lost the race is told so ({@link OptimisticLockingException}, which the job executor runs again
 * without using up a retry, and the APIs answer 409), and run again it finds the grant and succeeds. No ERROR and no
 * stack trace is logged. Door: the engine's Java API, in two transactions at once (as the job executor and every other
 * door run the same command). An administrator who creates a grant that exists (engine REST API, as Admin does) is
 * answered 400 with the reason. Two nodes that start at the same moment grant the people of tasks opened before
 * this rule held their release once, one node after the other. Runs on H2; the PostgreSQL variant extends it.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class GrantsCreatedAtOnceTest {

  static final int TRIALS = 10;

  /** The groups given the tasks in turn; none holds anything on the release beforehand. */
  static final List<String> GROUPS = List.of(Groups.CAB, Groups.OPERATIONS);

  static ExecutorService nodes;

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired AuthorizationService authorizationService;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired TaskPeopleReadTheirRelease taskPeopleReadTheirRelease;
  @Autowired ProcessEngine processEngine;

  ProcessInstance release;
  String developmentTask;
  String qaTask;

  @BeforeAll
  static void startNodes() {
    nodes = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stopNodes() {
    nodes.shutdownNow();
  }

  @BeforeEach
  void aReleaseAskingTwoTeams() {
    release =
        runtimeService
            .createProcessInstanceByKey(ReleaseProcess.KEY)
            .setVariables(Reminders.dueDateVariables())
            .businessKey("ledger@4.2.0")
            .startBeforeActivity(TASK_CONFIRM_DEVELOPMENT_READINESS)
            .startBeforeActivity(TASK_CONFIRM_QA_READINESS)
            .setVariables(
                Map.of(
                    Variables.SERVICE.getName(), "ledger",
                    Variables.REPOSITORY.getName(), "https://git.example.com/ledger",
                    Variables.VERSION.getName(), "4.2.0",
                    Variables.TARGET_DATE.getName(), LocalDate.now().plusDays(7).toString(),
                    Variables.RELEASE_TYPE.getName(), "regular",
                    Variables.SCOPE_SUMMARY.getName(), "Grants created at once",
                    Variables.HAS_DATABASE_MIGRATIONS.getName(), false,
                    Variables.CUSTOMER_FACING.getName(), false,
                    Variables.REQUESTED_BY.getName(), "rita"))
            .execute();
    developmentTask = task(TASK_CONFIRM_DEVELOPMENT_READINESS);
    qaTask = task(TASK_CONFIRM_QA_READINESS);
  }

  @AfterEach
  void forgetRelease() {
    Cleanup.forgetReleases(runtimeService);
  }

  @Test
  void twoTasksGivenToOneGroupAtTheSameMomentLeaveOneGrantAndNoError(CapturedOutput output)
      throws Exception {
    int before = output.getAll().length();
    int lost = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      String group = GROUPS.get(trial % GROUPS.size());
      revoke(group);

      // when two nodes give each a task of the release to the group at the same moment
      var gate = new CountDownLatch(1);
      var answers = new ArrayList<Future<Integer>>();
      for (String task : List.of(developmentTask, qaTask)) {
        answers.add(
            nodes.submit(
                () -> {
                  gate.await();
                  return addCandidateGroupAgainWhenLost(task, group);
                }));
      }
      gate.countDown();
      for (var answer : answers) {
        lost += answer.get(2, TimeUnit.MINUTES);
      }

      // then both tasks are the group's, and the group reads the release through one grant
      assertThat(candidateGroups(developmentTask)).as("trial %d", trial).contains(group);
      assertThat(candidateGroups(qaTask)).as("trial %d", trial).contains(group);
      assertOneReadGrant(group);
    }
    System.out.printf("%d of %d races lost and run again%n", lost, TRIALS);
    assertNoErrorLoggedSince(output, before);
  }

  @Test
  void aNodeThatFindsNoGrantWhileAnotherCreatesItIsToldItLostTheRaceAndSucceedsAgain(
      CapturedOutput output) throws Exception {
    int before = output.getAll().length();
    String group = Groups.CAB;
    revoke(group);

    // given a node that has created the grant and not yet committed
    var created = new CountDownLatch(1);
    var secondDone = new CountDownLatch(1);
    Future<?> first =
        nodes.submit(
            () ->
                new TransactionTemplate(transactionManager)
                    .executeWithoutResult(
                        status -> {
                          taskService.addCandidateGroup(developmentTask, group);
                          created.countDown();
                          try {
                            // committed once the second node has waited a while for it
                            secondDone.await(3, TimeUnit.SECONDS);
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                        }));
    assertThat(created.await(1, TimeUnit.MINUTES)).isTrue();

    // when another node finds no grant and creates it as well
    Future<Integer> second =
        nodes.submit(
            () -> {
              try {
                return addCandidateGroupAgainWhenLost(qaTask, group);
              } finally {
                secondDone.countDown();
              }
            });
    first.get(1, TimeUnit.MINUTES);

    // then the second lost the race, was run again and succeeded
    assertThat(second.get(1, TimeUnit.MINUTES)).isPositive();
    assertThat(candidateGroups(developmentTask)).contains(group);
    assertThat(candidateGroups(qaTask)).contains(group);
    assertOneReadGrant(group);
    assertNoErrorLoggedSince(output, before);
  }

  @Test
  void twoNodesStartingAtOnceGrantTheOpenTasksOfEarlierVersionsOnce(CapturedOutput output)
      throws Exception {
    int before = output.getAll().length();
    for (int trial = 0; trial < 3; trial++) {
      // as an earlier version of Release Desk left them: the tasks' groups hold nothing on the
      // release
      revokeGrants(Groups.DEVELOPERS);
      revokeGrants(Groups.QA);

      // when two nodes start at the same moment, each granting the open tasks' people their release
      var gate = new CountDownLatch(1);
      var started = new ArrayList<Future<?>>();
      for (int node = 0; node < 2; node++) {
        started.add(
            nodes.submit(
                () -> {
                  gate.await();
                  taskPeopleReadTheirRelease.postProcessEngineBuild(processEngine);
                  return null;
                }));
      }
      gate.countDown();
      for (var node : started) {
        node.get(2, TimeUnit.MINUTES);
      }

      // then both started, and each group reads the release through one grant
      assertOneReadGrant(Groups.DEVELOPERS);
      assertOneReadGrant(Groups.QA);
    }
    assertNoErrorLoggedSince(output, before);
  }

  @Test
  void anAdministratorWhoCreatesAGrantThatExistsIsToldSoWithoutAnError(CapturedOutput output) {
    int before = output.getAll().length();
    // the group reads the release: it has a task in it
    taskService.addCandidateGroup(developmentTask, Groups.CAB);
    assertOneReadGrant(Groups.CAB);

    var answer =
        new ApiClient(rest)
            .call(
                "admin",
                HttpMethod.POST,
                "/engine-rest/authorization/create",
                Map.of(
                    "type", Authorization.AUTH_TYPE_GRANT,
                    "permissions", List.of("READ"),
                    "groupId", Groups.CAB,
                    "resourceType", Resources.PROCESS_INSTANCE.resourceType(),
                    "resourceId", release.getId()));

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(String.valueOf(answer.getBody().get("message")))
        .contains("already holds an authorization of this type on this resource");
    assertOneReadGrant(Groups.CAB);
    assertNoErrorLoggedSince(output, before);
  }

  /**
   * Adds the group to the task, and again when the command lost a race (as the job executor does); answers how many
   * races it lost.
   */
  private int addCandidateGroupAgainWhenLost(String task, String group)
      throws InterruptedException {
    for (int lost = 0; ; lost++) {
      try {
        taskService.addCandidateGroup(task, group);
        return lost;
      } catch (OptimisticLockingException e) {
        if (lost == 50) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private void revoke(String group) {
    for (String task : List.of(developmentTask, qaTask)) {
      if (candidateGroups(task).contains(group)) {
        taskService.deleteCandidateGroup(task, group);
      }
    }
    revokeGrants(group);
  }

  private void revokeGrants(String group) {
    readGrants(group).forEach(grant -> authorizationService.deleteAuthorization(grant.getId()));
  }

  private void assertOneReadGrant(String group) {
    assertThat(readGrants(group))
        .singleElement()
        .matches(grant -> grant.isPermissionGranted(Permissions.READ), "grants READ");
  }

  private List<Authorization> readGrants(String group) {
    return authorizationService
        .createAuthorizationQuery()
        .authorizationType(Authorization.AUTH_TYPE_GRANT)
        .resourceType(Resources.PROCESS_INSTANCE)
        .resourceId(release.getId())
        .groupIdIn(group)
        .list();
  }

  private List<String> candidateGroups(String task) {
    return taskService.getIdentityLinksForTask(task).stream()
        .filter(link -> link.getGroupId() != null)
        .map(link -> link.getGroupId())
        .toList();
  }

  private String task(String activity) {
    return taskService
        .createTaskQuery()
        .processInstanceId(release.getId())
        .taskDefinitionKey(activity)
        .singleResult()
        .getId();
  }

  private static void assertNoErrorLoggedSince(CapturedOutput output, int before) {
    List<String> logged = output.getAll().substring(before).lines().toList();
    assertThat(logged).noneMatch(line -> line.contains(" ERROR "));
    assertThat(logged).noneMatch(line -> line.stripLeading().startsWith("at "));
  }
}
