package io.releasedesk.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.util.FileSystemUtils;

/**
 * Release Desk nodes in JVMs of their own on one embedded PostgreSQL 17, for a test class
 * ({@code @RegisterExtension static}). The database starts with the first node; nodes and database stop after the
 * class. When a test fails, the end of each node's log is printed, and the logs stay under {@code target/nodes/}.
 *
 * <p>Every node runs with the profiles {@code demo} (the demo people), {@code test} (the integration tests' short
 * waits) and {@code postgres}, a git data folder of its own ({@code target/nodes/<name>/git}, emptied as the node first
 * starts) and no seeded demo
 * repositories; a test adds its catalog, webhook targets and whatever else it needs.
 */
public class ReleaseDeskNodes implements BeforeAllCallback, AfterAllCallback, TestWatcher {

  private final List<ReleaseDeskNode> nodes = new ArrayList<>();
  private String prefix = "node";
  private EmbeddedPostgres postgres;

  @Override
  public void beforeAll(ExtensionContext context) {
    prefix = context.getRequiredTestClass().getSimpleName();
  }

  /**
   * Starts a node without waiting for it.
   *
   * @param name the node's name within the test class (its log is {@code target/nodes/<TestClass>-<name>.log})
   * @param properties Spring properties on top of the defaults above
   */
  public ReleaseDeskNode start(String name, Map<String, String> properties) {
    String fullName = prefix + "-" + name;
    try {
      // what an earlier run left there
      FileSystemUtils.deleteRecursively(Path.of("target", "nodes", fullName));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var all = new LinkedHashMap<String, String>();
    all.put("spring.profiles.active", "demo,test,postgres");
    all.put("spring.datasource.url", postgres().getJdbcUrl("postgres", "postgres"));
    all.put("spring.datasource.username", "postgres");
    all.put("spring.datasource.password", "postgres");
    all.put("releasedesk.demo.seed-repositories", "false");
    all.put(
        "releasedesk.git.data-folder",
        Path.of("target", "nodes", fullName, "git").toAbsolutePath().toString());
    all.putAll(properties);
    var node = ReleaseDeskNode.start(fullName, all);
    nodes.add(node);
    return node;
  }

  /** The git data folder a node of this name uses: its mirrors of the services' repositories. */
  public Path gitDataFolder(String name) {
    return Path.of("target", "nodes", prefix + "-" + name, "git").toAbsolutePath();
  }

  /** A connection to the nodes' database, to look at what the engine holds there (its jobs and their locks). */
  public Connection database() {
    try {
      return postgres().getPostgresDatabase().getConnection();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private synchronized EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
      }
    }
    return postgres;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    for (ReleaseDeskNode node : nodes) {
      System.out.println(
          "----- the end of " + node.log().toAbsolutePath() + " -----\n" + node.logTail(150));
    }
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    testFailed(context, cause);
  }

  @Override
  public void testSuccessful(ExtensionContext context) {}

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {}

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    nodes.forEach(ReleaseDeskNode::close);
    nodes.clear();
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }
}
