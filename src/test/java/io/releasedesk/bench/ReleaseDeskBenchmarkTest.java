package io.releasedesk.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_CAB_MEMBER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_APPROVE_AS_RELEASE_MANAGER;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_HOLD_RETROSPECTIVE;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_VERIFY_RELEASE_CANDIDATE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_BADLY;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_WELL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import io.releasedesk.ReleaseDeskApplication;
import io.releasedesk.identity.TasklistFilters;
import io.releasedesk.release.ReleaseDriver;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How close Release Desk comes to what its database can do, on embedded PostgreSQL 17, in one run: the database's own
 * commit limit; releases walked end to end by one and by two client threads through the engine's Java API as their
 * people would walk them, deployments by webhook to a local stub; the same walks through a bare model of the same
 * shape without Release Desk's listeners and delegates; start-up; heap and list queries with many finished and running
 * releases. Writes target/bench/results.json and results.md. Runs only with {@code ./mvnw -Pbench verify}
 * (docs/adr/0032-a-benchmark-against-the-databases-own-limit.md); {@code -Dbench.releases=N} sets its size.
 */
@ApplicationTest
@Tag("bench")
class ReleaseDeskBenchmarkTest {

  /** Releases walked in each timed run. */
  static final int RELEASES = Integer.getInteger("bench.releases", 100);

  /**
   * Finished releases at least, when the list queries are timed (the timed runs' releases count). Not 10,000 by
   * default: walking them takes hours on two cores; the results state the count used.
   */
  static final int FINISHED = Integer.getInteger("bench.finished", 400);

  /** Running releases when the heap is weighed and the list queries are timed. */
  static final int RUNNING = Integer.getInteger("bench.running", 1_000);

  /** Timed calls of each list query, at most. */
  static final int QUERY_SAMPLES = Integer.getInteger("bench.query-samples", 200);

  /**
   * Seconds each list query is timed for, at most (at least 20 calls are timed): a slow query ends the benchmark in
   * time all the same, with fewer samples, and the results say how many.
   */
  static final int QUERY_SECONDS = Integer.getInteger("bench.query-seconds", 60);

  /** Untimed calls of each list query first. */
  static final int QUERY_WARM_UP = 10;

  /** Seconds of each commit-limit loop. */
  static final int COMMIT_SECONDS = Integer.getInteger("bench.commit-seconds", 15);

  /**
   * PostgreSQL's synchronous_commit: on, as a production server and pgbench commit (zonky would turn it off). The
   * embedded server runs with fsync off all the same (zonky starts it with -F): commits are bound by CPU and WAL, not
   * by the disk's flushes, for the loops and the engine alike.
   */
  static final String SYNCHRONOUS_COMMIT = System.getProperty("bench.synchronous-commit", "on");

  static final List<Integer> CLIENTS = List.of(1, 2);
  static final String BARE_RELEASE = "bare-release";
  static final String BARE_DEPLOYMENT = "bare-deployment";
  static final Path RESULTS = Path.of("target", "bench");

  private final AtomicInteger serial = new AtomicInteger();
  private final Map<String, Long> deploymentArrivals = new ConcurrentHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> queryNotes = new ArrayList<>();

  private DataSource database;
  private ProcessEngine engine;
  private Progress progress;
  private ReleaseDriver driver;

  @Test
  void benchmark() throws Exception {
    Map<String, String> machine = machine();
    try (EmbeddedPostgres postgres =
            EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", SYNCHRONOUS_COMMIT)
                .start();
        Stub stub = new Stub()) {
      database = postgres.getPostgresDatabase();
      machine.putAll(postgresSettings());

      // the database's own limit
      var commitLimit = new CommitLimit(database);
      commitLimit.createTable();
      var limits = new LinkedHashMap<Integer, Double>();
      for (int threads : CLIENTS) {
        limits.put(
            threads, commitLimit.commitsPerSecond(threads, Duration.ofSeconds(COMMIT_SECONDS)));
        log("commit limit, %d thread(s): %.0f commits/s", threads, limits.get(threads));
      }

      // start-up, on the empty database
      long startupBegins = System.nanoTime();
      try (ConfigurableApplicationContext app = start(postgres, stub)) {
        String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        awaitTasklist(base);
        double startupSeconds = (System.nanoTime() - startupBegins) / 1e9;
        log("start-up until Tasklist answers 200: %.1f s", startupSeconds);

        engine = app.getBean(ProcessEngine.class);
        progress = app.getBean(Progress.class);
        driver = new ReleaseDriver(engine, progress);
        deployBareModel();

        // warm-up, untimed: classes loaded, code compiled, caches filled
        int warmUp = Math.max(2, Math.min(10, RELEASES / 5));
        walk(warmUp, 2, this::walkRelease);
        walk(warmUp, 2, this::walkBareRelease);

        var runs = new ArrayList<Results.Run>();
        for (int clients : CLIENTS) {
          runs.add(timed("Release Desk", clients, limits.get(clients), this::walkRelease));
          runs.add(timed("bare model", clients, limits.get(clients), this::walkBareRelease));
        }

        // many finished releases, and running ones
        int finished = finishedReleases();
        if (finished < FINISHED) {
          log("walking %d more releases to have %d finished", FINISHED - finished, FINISHED);
          walk(FINISHED - finished, 2, this::walkRelease);
          finished = finishedReleases();
        }
        log("starting %d releases that keep running", RUNNING);
        List<ProcessInstance> running = Collections.synchronizedList(new ArrayList<>());
        walk(RUNNING, 2, index -> running.add(startRelease(index)));
        double heapMb = heapAfterGcMb();
        log("heap after GC with %d running releases: %.0f MB", RUNNING, heapMb);

        // the planner's statistics as autovacuum keeps them in a database in use: the releases were
        // made a moment ago
        analyze();
        var session = TasklistSession.login(base, "rita", "rita");
        double releaseListP95 = releaseListP95(session);
        double taskListP95 = taskListP95(session);
        log("p95: release list %.1f ms, task list %.1f ms", releaseListP95, taskListP95);

        Results.Run headline = runs.get(runs.size() - 2);
        Results.Run bare = runs.get(runs.size() - 1);
        notes.add(
            "Headline figures are those of the run with "
                + headline.clients()
                + " client threads; the ratio compares with the commit limit of as many threads.");
        notes.add(
            "Engine transactions are every commit PostgreSQL counted in the database during a run (pg_stat_database"
                + " xact_commit): the job executor's and the people's, queries included (each engine command"
                + " commits).");
        notes.add(
            "Release Desk's cost over the bare model: the time per release of the one over the other, with as many"
                + " client threads; the bare model has the same user tasks, asynchronous steps, timers and called"
                + " deployments, and no listeners, delegates, forms or reminder timers.");
        notes.add(
            "Approval → deployment request: from the commit of a release's last approval to the production"
                + " webhook's request arriving at the stub.");
        notes.add(
            "Heap: used heap after a full GC of the JVM that runs the application, the client threads and the"
                + " stub (-Xmx1g), with "
                + RUNNING
                + " releases waiting at Plan release.");
        notes.add(
            "List queries: GET /api/releases and Tasklist's query of the filter '"
                + TasklistFilters.ALL_OPEN_RELEASES
                + "' (first page of 15, HAL, with a session), as rita, each timed "
                + QUERY_SAMPLES
                + " times or for "
                + QUERY_SECONDS
                + " s, whichever ends first, after "
                + QUERY_WARM_UP
                + " untimed calls, with "
                + finished
                + " finished and "
                + RUNNING
                + " running releases, after ANALYZE (the planner's statistics, as autovacuum keeps them in a"
                + " database in use).");
        notes.add(
            "Start-up: from starting the application (in the running JVM, on the empty database: schema, people,"
                + " models) until Tasklist answers 200.");
        notes.addAll(queryNotes);
        machine.put("load average at the end", loadAverage());
        var results =
            new Results(
                limits.get(headline.clients()),
                headline.engineTps(),
                headline.ratioToCommitLimit(),
                (1 / headline.releasesPerSecond()) / (1 / bare.releasesPerSecond()),
                headline.approvalToDeployP50Ms(),
                headline.approvalToDeployP99Ms(),
                Math.max(releaseListP95, taskListP95),
                heapMb,
                startupSeconds,
                RELEASES,
                headline.clients(),
                releaseListP95,
                taskListP95,
                finished,
                RUNNING,
                limits,
                runs,
                notes,
                machine);
        results.writeTo(RESULTS);
        System.out.println(Files.readString(RESULTS.resolve("results.md")));
        assertThat(running).hasSize(RUNNING);
      }
    }
  }

  /** One timed run: the releases walked by the client threads, and what PostgreSQL counted meanwhile. */
  private Results.Run timed(String model, int clients, double commitLimit, IntConsumer walk)
      throws Exception {
    deploymentArrivals.clear();
    long commitsBefore = settledCommits();
    long begins = System.nanoTime();
    List<String> keys = walk(RELEASES, clients, walk);
    double seconds = (System.nanoTime() - begins) / 1e9;
    long commits = settledCommits() - commitsBefore;
    var latencies = new ArrayList<Double>();
    for (String key : keys) {
      Long approved = progress.approvedAt(key);
      Long arrived = deploymentArrivals.get(key);
      if (approved != null && arrived != null) {
        latencies.add((arrived - approved) / 1e6);
      }
    }
    boolean releaseDesk = !model.contains("bare");
    if (releaseDesk) {
      assertThat(latencies)
          .as("every release's production deployment reached the stub after its approval")
          .hasSize(RELEASES);
    }
    var percentiles = Percentiles.of(latencies);
    var run =
        new Results.Run(
            model,
            clients,
            RELEASES,
            seconds,
            RELEASES / seconds,
            commits,
            (double) commits / RELEASES,
            commits / seconds,
            commits / seconds / commitLimit,
            releaseDesk ? percentiles.at(50) : null,
            releaseDesk ? percentiles.at(99) : null);
    log("%s", run);
    return run;
  }

  /**
   * Walks {@code count} releases with {@code clients} threads, each taking the next release until none is left; the
   * business keys of the releases walked.
   */
  private List<String> walk(int count, int clients, IntConsumer walk) throws Exception {
    var next = new AtomicInteger();
    List<String> keys = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    try {
      var work = new ArrayList<Future<?>>();
      for (int client = 0; client < clients; client++) {
        work.add(
            threads.submit(
                () -> {
                  while (next.getAndIncrement() < count) {
                    int index = serial.incrementAndGet();
                    walk.accept(index);
                    keys.add(key(index));
                  }
                  return null;
                }));
      }
      for (Future<?> client : work) {
        client.get();
      }
    } finally {
      threads.shutdownNow();
    }
    return keys;
  }

  /**
   * A release from request to retrospective, as its people walk it: rita requests and plans, the teams confirm, QA
   * verifies; every second release is high-risk (customer-facing, with migrations) and two CAB members approve it,
   * the others are large changes that paula approves (four eyes: rita requested them). Production is deployed by
   * webhook; the observation period's timer fires; rita holds the retrospective.
   */
  private void walkRelease(int index) {
    ProcessInstance release = startRelease(index);
    walkOn(release, index);
    progress.awaitEnd(release);
  }

  /** The same walk through the bare model, started with the same variables. */
  private void walkBareRelease(int index) {
    Map<String, Object> request = request(index);
    ProcessInstance release =
        driver.as(
            "rita",
            () ->
                engine
                    .getRuntimeService()
                    .startProcessInstanceByKey(BARE_RELEASE, key(index), request));
    walkOn(release, index);
    progress.awaitEnd(release);
  }

  private ProcessInstance startRelease(int index) {
    return driver.request(request(index));
  }

  private void walkOn(ProcessInstance release, int index) {
    boolean highRisk = highRisk(index);
    driver.plan(release, highRisk ? "small" : "large");
    driver.allTeamsReady(release);
    driver.completeAs("quinn", release, TASK_VERIFY_RELEASE_CANDIDATE, ReleaseDriver.qaPassed());
    if (highRisk) {
      driver.completeAs("carol", release, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.approve());
      driver.completeAs("chris", release, TASK_APPROVE_AS_CAB_MEMBER, ReleaseDriver.approve());
    } else {
      driver.completeAs("paula", release, TASK_APPROVE_AS_RELEASE_MANAGER, ReleaseDriver.approve());
    }
    driver.observationPeriodPasses(release);
    driver.completeAs(
        "rita",
        release,
        TASK_HOLD_RETROSPECTIVE,
        Map.of(WENT_WELL.getName(), "Smooth sign-off", WENT_BADLY.getName(), "Nothing to mention"));
  }

  private static Map<String, Object> request(int index) {
    boolean highRisk = highRisk(index);
    return ReleaseDriver.requestValues(
        Map.of(
            SERVICE.getName(),
            service(index),
            VERSION.getName(),
            version(index),
            CUSTOMER_FACING.getName(),
            highRisk,
            HAS_DATABASE_MIGRATIONS.getName(),
            highRisk));
  }

  private static boolean highRisk(int index) {
    return index % 2 == 1;
  }

  /** Two services, each in a repository of its own, so that two clients do not share one git mirror all the time. */
  private static String service(int index) {
    return (index / 2) % 2 == 0 ? "payments" : "checkout";
  }

  /** A version above any release tag of the seeded repositories, one of its own for each release. */
  private static String version(int index) {
    return "50." + index + ".0";
  }

  private static String key(int index) {
    return service(index) + "@" + version(index);
  }

  /** The bare model, deployed beside Release Desk's, with the same permissions as the release and deployment. */
  private void deployBareModel() {
    engine
        .getRepositoryService()
        .createDeployment()
        .name("Benchmark: the bare model")
        .addClasspathResource("bench/" + BARE_RELEASE + ".bpmn")
        .addClasspathResource("bench/" + BARE_DEPLOYMENT + ".bpmn")
        .deploy();
    AuthorizationService authorizations = engine.getAuthorizationService();
    Map<String, String> sameAs =
        Map.of(ReleaseProcess.KEY, BARE_RELEASE, "deployment", BARE_DEPLOYMENT);
    sameAs.forEach(
        (model, bare) ->
            authorizations
                .createAuthorizationQuery()
                .resourceType(Resources.PROCESS_DEFINITION)
                .resourceId(model)
                .listPage(0, 1000)
                .forEach(
                    grant -> {
                      Authorization copy =
                          authorizations.createNewAuthorization(grant.getAuthorizationType());
                      copy.setUserId(grant.getUserId());
                      copy.setGroupId(grant.getGroupId());
                      copy.setResource(Resources.PROCESS_DEFINITION);
                      copy.setResourceId(bare);
                      for (var permission :
                          grant.getPermissions(ProcessDefinitionPermissions.values())) {
                        copy.addPermission(permission);
                      }
                      authorizations.saveAuthorization(copy);
                    }));
  }

  private int finishedReleases() {
    return (int)
        engine
            .getHistoryService()
            .createHistoricProcessInstanceQuery()
            .processDefinitionKey(ReleaseProcess.KEY)
            .finished()
            .count();
  }

  private ConfigurableApplicationContext start(EmbeddedPostgres postgres, Stub stub) {
    var arguments = new ArrayList<String>();
    arguments.add("--spring.profiles.active=demo,postgres,bench");
    arguments.add("--SPRING_DATASOURCE_URL=" + postgres.getJdbcUrl("postgres", "postgres"));
    arguments.add("--SPRING_DATASOURCE_USERNAME=postgres");
    arguments.add("--SPRING_DATASOURCE_PASSWORD=postgres");
    arguments.add("--server.port=0");
    for (String environment : List.of("staging", "production")) {
      String prefix = "--releasedesk.deployment.environments." + environment + ".";
      arguments.add(prefix + "target=webhook");
      arguments.add(prefix + "webhook-url=" + stub.baseUrl() + "/deploy/" + environment);
      arguments.add(prefix + "health-url=" + stub.baseUrl() + "/health/" + environment);
    }
    return new SpringApplicationBuilder(ReleaseDeskApplication.class, BenchConfiguration.class)
        .run(arguments.toArray(String[]::new));
  }

  private static void awaitTasklist(String base) throws Exception {
    var http = HttpClient.newHttpClient();
    var request =
        HttpRequest.newBuilder(URI.create(base + "/camunda/app/tasklist/default/")).build();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Tasklist does not answer 200");
      }
      Thread.sleep(20);
    }
  }

  /** Updates PostgreSQL's statistics of every table, as autovacuum does after enough rows changed. */
  private void analyze() throws Exception {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("analyze");
    }
  }

  private double releaseListP95(TasklistSession session) {
    return p95(() -> session.call("GET", "/api/releases", null), "GET /api/releases as rita");
  }

  private double taskListP95(TasklistSession session) {
    String filter =
        engine
            .getFilterService()
            .createFilterQuery()
            .filterName(TasklistFilters.ALL_OPEN_RELEASES)
            .singleResult()
            .getId();
    String path = "filter/" + filter + "/list?firstResult=0&maxResults=15";
    String query =
        "{\"processVariables\":[],\"taskVariables\":[],\"caseInstanceVariables\":[],"
            + "\"sorting\":[{\"sortBy\":\"created\",\"sortOrder\":\"desc\"}],\"active\":true}";
    // Tasklist's first call after the login: Camunda hands out the session's CSRF token with it
    session.get("task/count");
    return p95(
        () -> session.query(path, query),
        "Tasklist's query of '" + TasklistFilters.ALL_OPEN_RELEASES + "' (POST " + path + ")");
  }

  private double p95(java.util.function.Supplier<HttpResponse<String>> call, String what) {
    for (int i = 0; i < QUERY_WARM_UP; i++) {
      assertOk(call.get(), what);
    }
    Counters before = settledCounters();
    var samples = new ArrayList<Double>();
    long deadline = System.nanoTime() + Duration.ofSeconds(QUERY_SECONDS).toNanos();
    while (samples.size() < QUERY_SAMPLES
        && (System.nanoTime() < deadline || samples.size() < 20)) {
      long begins = System.nanoTime();
      HttpResponse<String> response = call.get();
      samples.add((System.nanoTime() - begins) / 1e6);
      assertOk(response, what);
    }
    Counters after = settledCounters();
    var percentiles = Percentiles.of(samples);
    queryNotes.add(
        String.format(
            java.util.Locale.ROOT,
            "%s: %d timed calls, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; per call %.1f commits, %.0f rows"
                + " returned and %.0f rows fetched (pg_stat_database, with whatever the job"
                + " executor did in those seconds); rows read by sequential scans per call: %s.",
            what,
            percentiles.count(),
            percentiles.at(50),
            percentiles.at(95),
            percentiles.at(99),
            (after.commits() - before.commits()) / (double) samples.size(),
            (after.returned() - before.returned()) / (double) samples.size(),
            (after.fetched() - before.fetched()) / (double) samples.size(),
            after.sequentiallyReadSince(before, samples.size())));
    return percentiles.at(95);
  }

  private static void assertOk(HttpResponse<String> response, String what) {
    assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(200);
  }

  /** Commits PostgreSQL has counted in the database, once the backends have reported theirs (within a second). */
  private long settledCommits() throws Exception {
    Thread.sleep(2_000);
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "select xact_commit from pg_stat_database where datname = current_database()")) {
      row.next();
      return row.getLong(1);
    }
  }

  /**
   * Commits, rows returned and rows fetched PostgreSQL has counted in the database, once every backend has reported
   * its own: an idle backend reports what it left unreported within ten seconds.
   */
  private Counters settledCounters() {
    try {
      Thread.sleep(11_000);
      try (Connection connection = database.getConnection();
          Statement statement = connection.createStatement()) {
        var sequentiallyRead = new TreeMap<String, Long>();
        try (ResultSet table =
            statement.executeQuery("select relname, seq_tup_read from pg_stat_user_tables")) {
          while (table.next()) {
            sequentiallyRead.put(table.getString(1), table.getLong(2));
          }
        }
        try (ResultSet row =
            statement.executeQuery(
                "select xact_commit, tup_returned, tup_fetched from pg_stat_database"
                    + " where datname = current_database()")) {
          row.next();
          return new Counters(row.getLong(1), row.getLong(2), row.getLong(3), sequentiallyRead);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("pg_stat_database could not be read", e);
    }
  }

  /** What PostgreSQL has counted: commits, rows returned and fetched, rows read by sequential scans per table. */
  private record Counters(
      long commits, long returned, long fetched, Map<String, Long> sequentiallyRead) {

    /** The tables read sequentially since then, most rows first, with the rows per call. */
    String sequentiallyReadSince(Counters before, int calls) {
      String tables =
          sequentiallyRead.entrySet().stream()
              .map(
                  table ->
                      Map.entry(
                          table.getKey(),
                          (table.getValue()
                                  - before.sequentiallyRead().getOrDefault(table.getKey(), 0L))
                              / (double) calls))
              .filter(table -> table.getValue() >= 1)
              .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
              .limit(5)
              .map(table -> String.format(Locale.ROOT, "%s %.0f", table.getKey(), table.getValue()))
              .collect(Collectors.joining(", "));
      return tables.isEmpty() ? "none" : tables;
    }
  }

  private static double heapAfterGcMb() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(500);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
  }

  private Map<String, String> postgresSettings() throws Exception {
    var settings = new LinkedHashMap<String, String>();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet row = statement.executeQuery("show server_version")) {
        row.next();
        settings.put("PostgreSQL", row.getString(1) + " (embedded)");
      }
      for (String setting : List.of("synchronous_commit", "fsync", "shared_buffers")) {
        try (ResultSet row = statement.executeQuery("show " + setting)) {
          row.next();
          settings.put(setting, row.getString(1));
        }
      }
    }
    return settings;
  }

  private static Map<String, String> machine() throws Exception {
    var machine = new LinkedHashMap<String, String>();
    machine.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      Files.readAllLines(cpuinfo).stream()
          .filter(line -> line.startsWith("model name"))
          .findFirst()
          .ifPresent(line -> machine.put("cpu", line.substring(line.indexOf(':') + 1).trim()));
    }
    machine.put(
        "OS",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    machine.put(
        "JVM",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + ", max heap "
            + Runtime.getRuntime().maxMemory() / (1024 * 1024)
            + " MB");
    machine.put("load average at the start", loadAverage());
    return machine;
  }

  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f", load);
  }

  private static void log(String format, Object... values) {
    System.out.printf(
        "[bench %s] %s%n",
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        String.format(java.util.Locale.ROOT, format, values));
  }

  /**
   * The deployment targets: accepts every deployment (202) and answers every health check (200), and notes when each
   * production deployment request arrives.
   */
  private final class Stub implements AutoCloseable {

    private final WireMockServer server =
        new WireMockServer(wireMockConfig().dynamicPort().disableRequestJournal());
    private final ObjectMapper json = new ObjectMapper();

    Stub() {
      server.start();
      server.stubFor(post(urlPathMatching("/deploy/.*")).willReturn(aResponse().withStatus(202)));
      server.stubFor(get(urlPathMatching("/health/.*")).willReturn(aResponse().withStatus(200)));
      server.addMockServiceRequestListener(
          (request, response) -> {
            // the request itself, not the question whether the target already has it (a GET)
            if (RequestMethod.POST.equals(request.getMethod())
                && request.getUrl().equals("/deploy/production")) {
              long arrived = System.nanoTime();
              try {
                deploymentArrivals.putIfAbsent(
                    json.readTree(request.getBodyAsString()).get("releaseKey").asText(), arrived);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
          });
    }

    String baseUrl() {
      return server.baseUrl();
    }

    @Override
    public void close() {
      server.stop();
    }
  }
}
