package io.releasedesk.engine;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.change.core.TagDatabaseChange;
import liquibase.changelog.ChangeLogHistoryService;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.Customizer;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Prepares Liquibase's update of the database at start-up, before Spring Boot runs it.
 *
 * <p>Liquibase creates its lock table safely when several nodes start at once, but creates its history table
 * ({@code DATABASECHANGELOG}) after checking that it is missing and before taking its lock (liquibase/liquibase#5254):
 * two nodes starting at the same moment on an empty database would both create it, and one would fail. Here it is
 * created holding Liquibase's lock, and the update finds it.
 *
 * <p>Then it brings an installation whose engine tables the engine created itself ({@code camunda.bpm.database.schema-update},
 * as Release Desk did until the engine's tables came under Liquibase) under Liquibase, the way Camunda's manual says
 * ("Migrate to Liquibase"): the installed schema version is the {@code VERSION_} of the row of {@code
 * ACT_GE_SCHEMA_LOG} with the highest {@code ID_}, and Camunda's change sets up to that version's tag are recorded as
 * run ({@code changelogSyncToTag}) without running them. The update that Spring Boot runs next applies only what
 * came after. A database without engine tables (a new installation), or whose engine tables Liquibase already
 * tracks, is left to the update alone.
 *
 * <p>Two nodes doing this at once do no harm: the sync runs under Liquibase's lock and records only change sets not
 * recorded yet.
 */
@Component
public class EngineTablesUnderLiquibase implements Customizer<Liquibase> {

  /** Camunda's changelog, as db/changelog/db.changelog-master.yaml includes it. */
  static final String CAMUNDA_CHANGELOG =
      "org/camunda/bpm/engine/db/liquibase/camunda-changelog.xml";

  private static final Logger LOG = LoggerFactory.getLogger(EngineTablesUnderLiquibase.class);

  @Override
  public void customize(Liquibase liquibase) {
    try {
      createHistoryTableHoldingTheLock(liquibase.getDatabase());
      Connection connection =
          ((JdbcConnection) liquibase.getDatabase().getConnection()).getUnderlyingConnection();
      Optional<String> installed = versionInstalledWithoutLiquibase(connection, liquibase);
      if (installed.isPresent()) {
        String tag = tagOf(installed.get());
        if (!tagged(liquibase, tag)) {
          throw new IllegalStateException(
              "The engine's tables are of version "
                  + installed.get()
                  + ", for which Camunda's changelog in this build has no tag "
                  + tag
                  + ": bring them to this build's Camunda version with Camunda's SQL scripts first");
        }
        LOG.info(
            "The engine's tables (schema {}) were created without Liquibase: recording Camunda's change sets up"
                + " to {} as run",
            installed.get(),
            tag);
        liquibase.changeLogSync(tag, new Contexts(), new LabelExpression());
      }
    } catch (SQLException | LiquibaseException e) {
      throw new IllegalStateException(
          "Cannot bring the engine's tables under Liquibase: " + e.getMessage(), e);
    }
  }

  private static void createHistoryTableHoldingTheLock(Database database)
      throws LiquibaseException {
    LockService lock = LockServiceFactory.getInstance().getLockService(database);
    lock.waitForLock();
    try {
      ChangeLogHistoryService history =
          ChangeLogHistoryServiceFactory.getInstance().getChangeLogService(database);
      history.init();
      // the update reads the history afresh, once it holds the lock
      history.reset();
    } finally {
      lock.releaseLock();
    }
  }

  private static boolean tagged(Liquibase liquibase, String tag) throws LiquibaseException {
    return liquibase.getDatabaseChangeLog().getChangeSets().stream()
        .flatMap(changeSet -> changeSet.getChanges().stream())
        .anyMatch(
            change -> change instanceof TagDatabaseChange tagging && tag.equals(tagging.getTag()));
  }

  /** Camunda tags each minor version x.y.0; a patch level's schema is its minor version's. */
  static String tagOf(String schemaVersion) {
    String[] parts = schemaVersion.split("\\.");
    if (parts.length < 2) {
      throw new IllegalStateException(
          "ACT_GE_SCHEMA_LOG names the schema version '" + schemaVersion + "', which is none");
    }
    return parts[0] + "." + parts[1] + ".0";
  }

  /** The schema version of engine tables that Liquibase does not track yet, if there are such tables. */
  private static Optional<String> versionInstalledWithoutLiquibase(
      Connection connection, Liquibase liquibase) throws SQLException {
    Map<String, String> tables = tables(connection);
    String schemaLog = tables.get("ACT_GE_SCHEMA_LOG");
    if (schemaLog == null) {
      return Optional.empty();
    }
    String changeLogTable =
        tables.get(liquibase.getDatabase().getDatabaseChangeLogTableName().toUpperCase());
    if (changeLogTable != null && recordsCamundaChangeSets(connection, changeLogTable)) {
      return Optional.empty();
    }
    var versions = new HashMap<Long, String>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select ID_, VERSION_ from " + schemaLog)) {
      while (rows.next()) {
        versions.put(Long.parseLong(rows.getString(1).trim()), rows.getString(2));
      }
    }
    return versions.entrySet().stream()
        .max(Comparator.comparing(Map.Entry::getKey))
        .map(Map.Entry::getValue);
  }

  private static boolean recordsCamundaChangeSets(Connection connection, String changeLogTable)
      throws SQLException {
    try (var statement =
        connection.prepareStatement(
            "select count(*) from " + changeLogTable + " where FILENAME like ?")) {
      statement.setString(1, "%" + CAMUNDA_CHANGELOG);
      try (ResultSet count = statement.executeQuery()) {
        return count.next() && count.getLong(1) > 0;
      }
    }
  }

  /** The tables of the connection's schema: upper-case name to name as the database spells it. */
  private static Map<String, String> tables(Connection connection) throws SQLException {
    var tables = new HashMap<String, String>();
    DatabaseMetaData metaData = connection.getMetaData();
    try (ResultSet found =
        metaData.getTables(
            connection.getCatalog(), connection.getSchema(), "%", new String[] {"TABLE"})) {
      while (found.next()) {
        String name = found.getString("TABLE_NAME");
        tables.put(name.toUpperCase(), name);
      }
    }
    return tables;
  }
}
