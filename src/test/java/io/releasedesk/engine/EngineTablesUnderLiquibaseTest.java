package io.releasedesk.engine;

import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holunda.camunda.bpm.data.builder.VariableMapBuilder;
import io.releasedesk.ReleaseDeskApplication;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcess.Groups;
import io.releasedesk.support.ApplicationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An installation made by an earlier build, whose engine created its own tables (schema-update), starts on this
 * build, whose Liquibase installs them: its releases are still there, Camunda's change sets up to the installed
 * version are recorded as run rather than run again, and the engine starts without changing a table. On H2 (the
 * default file database) and on PostgreSQL.
 */
@ApplicationTest
class EngineTablesUnderLiquibaseTest {

  @TempDir Path data;

  @Test
  void anH2DatabaseMadeByTheEngineKeepsItsReleases() {
    List<String> database = List.of("--spring.datasource.url=jdbc:h2:file:" + data.resolve("rd"));
    aDatabaseMadeByTheEngineKeepsItsReleases(database);
  }

  @Test
  void aPostgresDatabaseMadeByTheEngineKeepsItsReleases() throws Exception {
    try (var postgres = EmbeddedPostgres.builder().start()) {
      List<String> database =
          List.of(
              "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
              "--spring.datasource.username=postgres",
              "--spring.datasource.password=postgres");
      aDatabaseMadeByTheEngineKeepsItsReleases(database);
    }
  }

  @Test
  void engineTablesOfAVersionTheChangelogDoesNotKnowAreLeftAlone() {
    // given: engine tables of a version before Camunda's changelog begins (7.16)
    var dataSource =
        new DriverManagerDataSource(
            "jdbc:h2:mem:older-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    var jdbc = new JdbcTemplate(dataSource);
    jdbc.execute(
        "create table ACT_GE_SCHEMA_LOG (ID_ varchar(64), TIMESTAMP_ timestamp, VERSION_ varchar(255))");
    jdbc.update("insert into ACT_GE_SCHEMA_LOG values ('0', current_timestamp, '7.15.0')");
    var liquibase = new SpringLiquibase();
    liquibase.setDataSource(dataSource);
    liquibase.setChangeLog("classpath:db/changelog/db.changelog-master.yaml");
    liquibase.setResourceLoader(new DefaultResourceLoader());
    liquibase.setCustomizer(new EngineTablesUnderLiquibase());

    // then: the start is refused, naming the version, and nothing is recorded as run
    assertThatThrownBy(liquibase::afterPropertiesSet)
        .hasStackTraceContaining("The engine's tables are of version 7.15.0");
    assertThat(jdbc.queryForObject("select count(*) from DATABASECHANGELOG", Long.class)).isZero();
  }

  private void aDatabaseMadeByTheEngineKeepsItsReleases(List<String> database) {
    // given: a database made the earlier way, with a release under way
    String release;
    try (var app =
        start(
            database,
            "--camunda.bpm.database.schema-update=true",
            "--spring.liquibase.change-log=classpath:db/changelog/before-the-engine-tables.yaml")) {
      assertThat(camundaChangeSets(app)).isEmpty();
      release = startRelease(app);
    }

    // when: this build starts on it
    try (var app = start(database)) {
      // then: the release is still there, and Liquibase tracks the engine's tables up to this
      // version
      assertThat(
              app.getBean(RuntimeService.class)
                  .createProcessInstanceQuery()
                  .processInstanceId(release)
                  .processInstanceBusinessKey("payments@2.4.0")
                  .count())
          .isOne();
      assertThat(camundaChangeSets(app)).contains("7.16.0-baseline", "7.24.0-tag");
      // and a new release starts as before
      assertThat(startRelease(app, "2.5.0")).isNotBlank();
    }

    // a third start finds nothing to do
    try (var app = start(database)) {
      assertThat(camundaChangeSets(app)).contains("7.24.0-tag");
      assertThat(
              app.getBean(RuntimeService.class)
                  .createProcessInstanceQuery()
                  .processDefinitionKey(ReleaseProcess.KEY)
                  .count())
          .isEqualTo(2);
    }
  }

  private static List<String> camundaChangeSets(ConfigurableApplicationContext app) {
    return new JdbcTemplate(app.getBean(DataSource.class))
        .queryForList(
            "select id from databasechangelog where filename like ?",
            String.class,
            "%" + EngineTablesUnderLiquibase.CAMUNDA_CHANGELOG);
  }

  private static String startRelease(ConfigurableApplicationContext app) {
    return startRelease(app, "2.4.0");
  }

  private static String startRelease(ConfigurableApplicationContext app, String version) {
    var identity = app.getBean(IdentityService.class);
    identity.setAuthentication("rita", List.of(Groups.RELEASE_MANAGERS));
    try {
      return app.getBean(RuntimeService.class)
          .startProcessInstanceByKey(
              ReleaseProcess.KEY,
              new VariableMapBuilder()
                  .set(SERVICE, "payments")
                  .set(VERSION, version)
                  .set(TARGET_DATE, LocalDate.now().plusDays(7).toString())
                  .set(RELEASE_TYPE, "regular")
                  .set(SCOPE_SUMMARY, "Made before Liquibase installed the engine's tables")
                  .set(HAS_DATABASE_MIGRATIONS, false)
                  .set(CUSTOMER_FACING, false)
                  .build())
          .getId();
    } finally {
      identity.clearAuthentication();
    }
  }

  private static ConfigurableApplicationContext start(List<String> database, String... more) {
    var args = new ArrayList<>(database);
    args.addAll(
        List.of(
            "--server.port=0",
            "--camunda.bpm.job-execution.enabled=false",
            "--releasedesk.demo.seed-repositories=false"));
    args.addAll(List.of(more));
    return new SpringApplicationBuilder(ReleaseDeskApplication.class)
        .profiles("demo")
        .run(args.toArray(String[]::new));
  }
}
