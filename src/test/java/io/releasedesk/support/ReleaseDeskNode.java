package io.releasedesk.support;

import io.releasedesk.ReleaseDeskApplication;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;

/**
 * Release Desk in a JVM of its own, as it runs in production: started from the test classpath with its main class and
 * properties as arguments, on a port of its own, and stopped, killed ({@code kill -9}) or started again like a real
 * node. Its output (stdout and stderr) goes to {@code target/nodes/<name>.log}, kept across restarts; {@link
 * ReleaseDeskNodes} shows its end when a test fails.
 */
public final class ReleaseDeskNode implements AutoCloseable {

  /** SIGKILL's exit status: 128 + 9. */
  static final int KILLED = 137;

  private static final Path LOGS = Path.of("target", "nodes");

  private final String name;
  private final int port;
  private final Map<String, String> properties;
  private final Path log;
  private Process process;

  private ReleaseDeskNode(String name, int port, Map<String, String> properties) {
    this.name = name;
    this.port = port;
    this.properties = new LinkedHashMap<>(properties);
    this.log = LOGS.resolve(name + ".log");
  }

  /**
   * Starts a node without waiting for it; {@link #awaitReady()} waits.
   *
   * @param name names its log file, so unique per test class and node
   * @param properties Spring properties, passed as {@code --name=value}
   */
  public static ReleaseDeskNode start(String name, Map<String, String> properties) {
    try {
      Files.createDirectories(LOGS);
      Files.deleteIfExists(LOGS.resolve(name + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var node = new ReleaseDeskNode(name, freePort(), properties);
    node.start();
    return node;
  }

  /** Starts the node again after {@link #kill()} or {@link #stop()}, on the same port with the same properties. */
  public ReleaseDeskNode restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " still runs");
    }
    start();
    return this;
  }

  private void start() {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // quick to start and light on a busy build machine; enough for a few releases at a time
    command.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(List.of("-cp", classPath()));
    command.add(ReleaseDeskApplication.class.getName());
    command.add("--server.port=" + port);
    properties.forEach((key, value) -> command.add("--" + key + "=" + value));
    try {
      Files.writeString(
          log,
          "=== " + Instant.now() + " starting " + name + " on port " + port + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name, e);
    }
  }

  /**
   * Waits until the node answers its health endpoint with 200.
   *
   * @throws IllegalStateException when it exits first or does not answer within three minutes, with its log's end
   */
  public ReleaseDeskNode awaitReady() {
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    var health =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " while starting:\n" + logTail(80));
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      pause(Duration.ofMillis(250));
    }
    throw new IllegalStateException(name + " did not answer within 3 minutes:\n" + logTail(80));
  }

  /**
   * {@code kill -9}: the JVM gets SIGKILL ({@link Process#destroyForcibly()} sends it on Linux and macOS) and ends at
   * once, with no shutdown hook, no rollback sent to the database and no job unlocked.
   */
  public void kill() {
    process.destroyForcibly();
    int status = waitForExit();
    if (status != KILLED) {
      throw new IllegalStateException(
          name + " ended with " + status + ", not by SIGKILL (" + KILLED + ")");
    }
    note("killed (kill -9)");
  }

  /** Stops the node as an orchestrator would (SIGTERM), waiting for it to end. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public String name() {
    return name;
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }

  /** A client of this node's HTTP APIs; wrap it in {@link ApiClient} to call as a demo person. */
  public TestRestTemplate rest() {
    return new TestRestTemplate(
        new RestTemplateBuilder()
            .rootUri(baseUrl())
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(60)));
  }

  public ApiClient api() {
    return new ApiClient(rest());
  }

  public Path log() {
    return log;
  }

  /** The last lines of the node's output. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private void note(String what) {
    try {
      Files.writeString(
          log,
          "=== " + Instant.now() + " " + name + " " + what + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int waitForExit() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " did not end");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The test's class path without empty entries: Surefire ends it with a separator, which a JVM reads as the working
   * directory, where the models' and forms' folders would be found a second time.
   */
  private static String classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return name + " (" + baseUrl() + ")";
  }
}
