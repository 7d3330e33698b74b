package io.releasedesk.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.ReleaseDeskApplication;
import io.releasedesk.support.ApplicationTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

  @TempDir
  Path data;

  @Test
  void aRestartKeepsRunningReleasesAndDeploysNoNewVersions() {
    String processInstanceId;
    try (var app = start()) {
      var identity = app.getBean(IdentityService.class);
      identity.setAuthentication("rita", List.of("release-managers"));
      try {
        processInstanceId = app.getBean(RuntimeService.class).startProcessInstanceByKey(ReleaseProcess.KEY, Map.of(
            "service", "payments", "version", "2.4.0",
            "targetDate", LocalDate.now().plusDays(7).toString(), "releaseType", "regular",
            "scopeSummary", "Survives a restart", "hasDatabaseMigrations", false, "customerFacing", false)).getId();
      } finally {
        identity.clearAuthentication();
      }
    }

    try (var app = start()) {
      // the job executor is off: the release waits where it stood, before announcing its request
      assertThat(app.getBean(ManagementService.class).createJobQuery().processInstanceId(processInstanceId)
          .activityId(ReleaseProcess.Elements.EVENT_ANNOUNCE_REQUESTED).count()).isOne();
      var repository = app.getBean(RepositoryService.class);
      assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(ReleaseProcess.KEY).count()).isOne();
      // release, deployment, risk assessment and quality gate, each deployed once
      assertThat(repository.createDeploymentQuery().count()).isEqualTo(4);
    }
  }

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(ReleaseDeskApplication.class).profiles("demo").run(
        "--server.port=0",
        "--spring.datasource.url=jdbc:h2:file:" + data.resolve("release-desk"),
        "--camunda.bpm.job-execution.enabled=false",
        // nothing reads the repositories here: no demo repositories under the working directory
        "--releasedesk.demo.seed-repositories=false");
  }
}
