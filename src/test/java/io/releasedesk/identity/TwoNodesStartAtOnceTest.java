package io.releasedesk.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.releasedesk.engine.EngineTablesUnderLiquibase;
import io.releasedesk.engine.StartUpLock;
import io.releasedesk.models.ModelDeployer;
import io.releasedesk.models.ModelProperties;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.DemoCatalog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import liquibase.integration.spring.SpringLiquibase;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.spring.SpringProcessEngineConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Two nodes start at the same moment on one fresh PostgreSQL database: each installs the tables with Liquibase (as
 * the application configures it; one node after the other here, because Liquibase keeps its lock's state in
 * JVM-wide singletons that two nodes in one JVM would share — separate processes starting at once are
 * {@code io.releasedesk.resilience.TwoNodesOnOnePostgresTest}), builds its own engine and then does its start-up work ({@link StartUp}) at the same instant as the other. Both
 * start, and the database holds one set of groups, people, permissions, task lists and model deployments, as after
 * one node's start. (Two whole applications cannot run in one JVM: Camunda keeps the engine and its webapps in static
 * registries. Each node here has the application's own parts: its connection pool, Liquibase with the
 * application's changelog, an engine configured as the application's, and the start-up work itself.)
 */
@ApplicationTest
class TwoNodesStartAtOnceTest {

  @Test
  void twoNodesStartingAtOnceOnAFreshDatabaseSetUpEverythingOnce() throws Exception {
    try (var postgres = EmbeddedPostgres.builder().start()) {
      var together = new CyclicBarrier(2);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      List<Node> nodes = new CopyOnWriteArrayList<>();
      try {
        var started = new ArrayList<Future<Node>>();
        for (String name : List.of("node-a", "node-b")) {
          started.add(
              threads.submit(
                  () -> {
                    var node = new Node(name, postgres);
                    nodes.add(node);
                    together.await(2, TimeUnit.MINUTES);
                    synchronized (TwoNodesStartAtOnceTest.class) {
                      node.installTables();
                    }
                    node.buildEngine();
                    together.await(2, TimeUnit.MINUTES);
                    node.startUp.run();
                    return node;
                  }));
        }
        // both nodes start without an error
        for (Future<Node> node : started) {
          node.get(5, TimeUnit.MINUTES);
        }

        var database = new JdbcTemplate(nodes.get(0).dataSource);
        // one of each filter, group, person and deployment, as after one node's start
        assertThat(
                database.queryForList(
                    "select name_ from act_ru_filter order by name_", String.class))
            .containsExactlyInAnyOrder(
                TasklistFilters.MY_TASKS,
                TasklistFilters.MY_GROUPS_TASKS,
                TasklistFilters.APPROVALS_WAITING,
                TasklistFilters.ALL_OPEN_RELEASES);
        assertThat(database.queryForList("select id_ from act_id_group", String.class))
            .containsExactlyInAnyOrderElementsOf(ReleaseDeskGroups.ALL.keySet());
        assertThat(database.queryForList("select id_ from act_id_user", String.class))
            .containsExactlyInAnyOrderElementsOf(
                DemoUsers.USERS.stream().map(DemoUsers.DemoUser::id).toList());
        assertThat(database.queryForList("select name_ from act_re_deployment", String.class))
            .containsExactlyInAnyOrder(
                "release",
                "deployment",
                "improvement-action",
                "risk-assessment",
                "quality-gate",
                "release-classification");
        // each of Release Desk's grants once (beside them, the engine lets each group's members
        // read their group)
        ProcessEngine engine = nodes.get(0).engine;
        var grants =
            new ReleaseDeskAuthorizations(
                    engine.getAuthorizationService(), engine.getFilterService())
                .grants();
        assertThat(
                database.queryForList(
                    "select group_id_ || ' ' || resource_type_ || ' ' || resource_id_"
                        + " from act_ru_authorization where type_ = 1 and group_id_ is not null"
                        + " and not (resource_type_ = 2 and resource_id_ = group_id_)",
                    String.class))
            .containsExactlyInAnyOrderElementsOf(
                grants.stream()
                    .map(
                        grant ->
                            grant.group()
                                + " "
                                + grant.resource().resourceType()
                                + " "
                                + grant.resourceId())
                    .collect(Collectors.toSet()));
      } finally {
        threads.shutdownNow();
        nodes.forEach(Node::stop);
      }
    }
  }

  /** One node: its pool, its Liquibase, its engine and its start-up work, as the application wires them. */
  private static final class Node {

    final String name;
    final HikariDataSource dataSource = new HikariDataSource();
    final DataSourceTransactionManager transactions;
    final StaticApplicationContext beans = new StaticApplicationContext();
    ProcessEngine engine;
    StartUp startUp;

    Node(String name, EmbeddedPostgres postgres) {
      this.name = name;
      dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
      dataSource.setUsername("postgres");
      dataSource.setPassword("postgres");
      dataSource.setMaximumPoolSize(5);
      transactions = new DataSourceTransactionManager(dataSource);
    }

    void installTables() throws Exception {
      var liquibase = new SpringLiquibase();
      liquibase.setDataSource(dataSource);
      liquibase.setChangeLog("classpath:db/changelog/db.changelog-master.yaml");
      liquibase.setResourceLoader(new DefaultResourceLoader());
      liquibase.setCustomizer(new EngineTablesUnderLiquibase());
      liquibase.afterPropertiesSet();
    }

    void buildEngine() {
      var configuration = new SpringProcessEngineConfiguration();
      configuration.setProcessEngineName(name);
      // the engine resolves expressions against beans; the start-up work evaluates none
      beans.refresh();
      configuration.setApplicationContext(beans);
      configuration.setDataSource(dataSource);
      configuration.setTransactionManager(transactions);
      configuration.setDatabaseSchemaUpdate("false");
      configuration.setHistory("full");
      configuration.setAuthorizationEnabled(true);
      configuration.setDefaultUserPermissionNameForTask("TASK_WORK");
      configuration.setIdGenerator(new StrongUuidGenerator());
      configuration.setJobExecutorActivate(false);
      configuration.setProcessEnginePlugins(List.of(new PeopleIdsPlugin()));
      engine = configuration.buildProcessEngine();

      var demoUsers =
          new StaticListableBeanFactory(
              Map.of("demoUsers", new DemoUsers(engine.getIdentityService())));
      var identity =
          new IdentitySetup(
              new ReleaseDeskGroups(engine.getIdentityService()),
              demoUsers.getBeanProvider(DemoUsers.class),
              new StaticListableBeanFactory().getBeanProvider(InitialAdministrator.class),
              new TasklistFilters(engine.getFilterService(), engine.getTaskService()),
              new ReleaseDeskAuthorizations(
                  engine.getAuthorizationService(), engine.getFilterService()));
      var models =
          new ModelDeployer(
              engine.getRepositoryService(),
              new ModelProperties("classpath*:processes/", "classpath*:forms/"),
              DemoCatalog.load());
      startUp = new StartUp(new StartUpLock(transactions, dataSource), identity, models);
    }

    void stop() {
      if (engine != null) {
        engine.close();
      }
      beans.close();
      dataSource.close();
    }
  }
}
