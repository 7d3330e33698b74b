package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.holunda.camunda.bpm.data.builder.VariableMapBuilder;
import io.releasedesk.ReleaseDeskApplication;
import io.releasedesk.support.ApplicationTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Release Desk stopped and started again on its file database, as after a deployment or a crash. */
@ApplicationTest
class RestartTest {

  @TempDir Path data;

  @Test
  void aRestartKeepsRunningReleasesAndDeploysNoNewVersions() {
    String processInstanceId;
    try (var app = start()) {
      var identity = app.getBean(IdentityService.class);
      identity.setAuthentication("rita", List.of("release-managers"));
      try {
        processInstanceId =
            app.getBean(RuntimeService.class)
                .startProcessInstanceByKey(
                    ReleaseProcess.KEY,
                    new VariableMapBuilder()
                        .set(SERVICE, "payments")
                        .set(VERSION, "2.4.0")
                        .set(TARGET_DATE, LocalDate.now().plusDays(7).toString())
                        .set(RELEASE_TYPE, "regular")
                        .set(SCOPE_SUMMARY, "Survives a restart")
                        .set(HAS_DATABASE_MIGRATIONS, false)
                        .set(CUSTOMER_FACING, false)
                        .build())
                .getId();
      } finally {
        identity.clearAuthentication();
      }
    }

    try (var app = start()) {
      // the job executor is off: the release waits where it stood, before announcing its request
      assertThat(
              app.getBean(ManagementService.class)
                  .createJobQuery()
                  .processInstanceId(processInstanceId)
                  .activityId(ReleaseProcess.Elements.EVENT_ANNOUNCE_REQUESTED)
                  .count())
          .isOne();
      var repository = app.getBean(RepositoryService.class);
      assertThat(
              repository
                  .createProcessDefinitionQuery()
                  .processDefinitionKey(ReleaseProcess.KEY)
                  .count())
          .isOne();
      // release, deployment, improvement action, risk assessment, quality gate and release
      // classification, each
      // deployed once
      assertThat(repository.createDeploymentQuery().count()).isEqualTo(6);
    }
  }

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(ReleaseDeskApplication.class)
        .profiles("demo")
        .run(
            "--server.port=0",
            "--spring.datasource.url=jdbc:h2:file:" + data.resolve("release-desk"),
            "--camunda.bpm.job-execution.enabled=false",
            // nothing reads the repositories here: no demo repositories under the working directory
            "--releasedesk.demo.seed-repositories=false");
  }
}
