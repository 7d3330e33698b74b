package io.releasedesk.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's figures, written as {@code results.json} (for scripts) and {@code results.md} (for people). The
 * headline figures are those of the run with the most client threads ({@link #clients}); {@link #runs} has each run.
 */
@JsonPropertyOrder({
  "commitLimitTps",
  "engineTps",
  "ratio",
  "overheadVsBare",
  "approvalToDeployP50Ms",
  "approvalToDeployP99Ms",
  "listQueryP95Ms",
  "heapMbAt1000Running",
  "startupSeconds",
  "releases",
  "clients"
})
public record Results(
    double commitLimitTps,
    double engineTps,
    double ratio,
    double overheadVsBare,
    double approvalToDeployP50Ms,
    double approvalToDeployP99Ms,
    double listQueryP95Ms,
    double heapMbAt1000Running,
    double startupSeconds,
    int releases,
    int clients,
    double releaseListP95Ms,
    double taskListP95Ms,
    int finishedReleases,
    int runningReleases,
    Map<Integer, Double> commitLimitTpsByThreads,
    List<Run> runs,
    List<String> notes,
    Map<String, String> machine) {

  /** One timed run: {@code releases} walked end to end by {@code clients} threads. */
  public record Run(
      String model,
      int clients,
      int releases,
      double seconds,
      double releasesPerSecond,
      long commits,
      double commitsPerRelease,
      double engineTps,
      double ratioToCommitLimit,
      Double approvalToDeployP50Ms,
      Double approvalToDeployP99Ms) {}

  /** A target of the benchmark and whether this run meets it. */
  public record Target(String figure, String value, String target, boolean met) {}

  @JsonProperty
  public List<Target> targets() {
    return List.of(
        new Target("Engine transactions / commit limit", percent(ratio), "≥ 25 %", ratio >= 0.25),
        new Target(
            "Release Desk's cost / bare model's",
            format(overheadVsBare) + " ×",
            "≤ 1.3 ×",
            overheadVsBare <= 1.3),
        new Target(
            "Approval → deployment request, p50",
            format(approvalToDeployP50Ms) + " ms",
            "≤ 50 ms",
            approvalToDeployP50Ms <= 50),
        new Target(
            "Approval → deployment request, p99",
            format(approvalToDeployP99Ms) + " ms",
            "≤ 500 ms",
            approvalToDeployP99Ms <= 500),
        new Target(
            "Task list and release list, p95",
            format(listQueryP95Ms) + " ms",
            "≤ 100 ms",
            listQueryP95Ms <= 100),
        new Target(
            "Heap after GC, " + runningReleases + " running releases",
            format(heapMbAt1000Running) + " MB",
            "≤ 512 MB",
            heapMbAt1000Running <= 512));
  }

  /** Writes results.json and results.md into the folder, creating it. */
  public void writeTo(Path folder) {
    try {
      Files.createDirectories(folder);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(folder.resolve("results.json").toFile(), this);
      Files.writeString(folder.resolve("results.md"), markdown());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String markdown() {
    var md = new StringBuilder();
    md.append("# Release Desk benchmark\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%s; %d releases per timed run, %d and %d client threads; list queries with %d finished and %d"
                + " running releases.\n\n",
            machine.getOrDefault("date", ""),
            releases,
            runs.stream().mapToInt(Run::clients).min().orElse(clients),
            clients,
            finishedReleases,
            runningReleases));
    md.append("| Figure | Value | Target | Met |\n|---|---|---|---|\n");
    md.append(row("Releases per second", format(releasesPerSecond()), "", ""));
    md.append(
        row("Engine transactions per second (PostgreSQL commits)", format(engineTps), "", ""));
    md.append(row("Commit limit (single-row UPDATE, commit)", format(commitLimitTps), "", ""));
    for (Target target : targets()) {
      md.append(row(target.figure(), target.value(), target.target(), target.met() ? "yes" : "no"));
    }
    md.append(
        row("Release list (/api/releases), p95", format(releaseListP95Ms) + " ms", "≤ 100 ms", ""));
    md.append(
        row("Task list (Tasklist's filter query), p95", format(taskListP95Ms) + " ms", "", ""));
    md.append(row("Start-up until Tasklist answers 200", format(startupSeconds) + " s", "", ""));
    md.append("\n| Run | Clients | Releases | Seconds | Releases/s | Commits/release | Commits/s |")
        .append(" Of commit limit | Approval → deploy p50 / p99 (ms) |\n")
        .append("|---|---|---|---|---|---|---|---|---|\n");
    for (Run run : runs) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %s | %s | %s | %s | %s | %s |\n",
              run.model(),
              run.clients(),
              run.releases(),
              format(run.seconds()),
              format(run.releasesPerSecond()),
              format(run.commitsPerRelease()),
              format(run.engineTps()),
              percent(run.ratioToCommitLimit()),
              run.approvalToDeployP50Ms() == null
                  ? "—"
                  : format(run.approvalToDeployP50Ms())
                      + " / "
                      + format(run.approvalToDeployP99Ms())));
    }
    md.append("\nCommit limit by threads: ");
    var limits = new ArrayList<String>();
    commitLimitTpsByThreads.forEach(
        (threads, tps) -> limits.add(threads + ": " + format(tps) + " commits/s"));
    md.append(String.join(", ", limits)).append(".\n\n");
    md.append("Machine: ");
    var facts = new ArrayList<String>();
    machine.forEach((name, value) -> facts.add(name + " " + value));
    md.append(String.join("; ", facts)).append(".\n");
    if (!notes.isEmpty()) {
      md.append("\n");
      notes.forEach(note -> md.append("- ").append(note).append("\n"));
    }
    return md.toString();
  }

  /** Releases per second of the headline run. */
  @JsonProperty
  public double releasesPerSecond() {
    return runs.stream()
        .filter(run -> run.clients() == clients && !run.model().contains("bare"))
        .mapToDouble(Run::releasesPerSecond)
        .findFirst()
        .orElse(Double.NaN);
  }

  private static String row(String figure, String value, String target, String met) {
    return "| " + figure + " | " + value + " | " + target + " | " + met + " |\n";
  }

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "—";
    }
    return Math.abs(value) >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  static String percent(double ratio) {
    return Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.1f %%", ratio * 100);
  }
}
