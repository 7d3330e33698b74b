package io.releasedesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {

  @TempDir Path folder;

  static Results results(double heapMb) {
    var limits = new LinkedHashMap<Integer, Double>();
    limits.put(1, 800.0);
    limits.put(2, 1400.0);
    var machine = new LinkedHashMap<String, String>();
    machine.put("date", "2026-11-26T23:00:00Z");
    machine.put("cores", "2");
    return new Results(
        1400,
        420,
        0.3,
        1.25,
        35,
        480,
        60,
        heapMb,
        12.5,
        200,
        2,
        60,
        42,
        1000,
        1000,
        limits,
        List.of(
            new Results.Run("Release Desk", 1, 200, 100, 2, 40000, 200, 400, 0.5, 30.0, 300.0),
            new Results.Run("bare model", 1, 200, 50, 4, 20000, 100, 400, 0.5, null, null),
            new Results.Run("Release Desk", 2, 200, 80, 2.5, 33600, 168, 420, 0.3, 35.0, 480.0),
            new Results.Run("bare model", 2, 200, 64, 3.125, 20000, 100, 312, 0.22, null, null)),
        List.of("Counted as PostgreSQL counts commits."),
        machine);
  }

  @Test
  void theJsonHoldsTheAgreedKeysWithTheHeadlineFigures() throws Exception {
    results(300).writeTo(folder);

    JsonNode json = new ObjectMapper().readTree(folder.resolve("results.json").toFile());

    var keys = new ArrayList<String>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .startsWith(
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
            "clients");
    assertThat(json.get("commitLimitTps").asDouble()).isEqualTo(1400);
    assertThat(json.get("releases").asInt()).isEqualTo(200);
    assertThat(json.get("clients").asInt()).isEqualTo(2);
    assertThat(json.get("releasesPerSecond").asDouble()).isEqualTo(2.5);
    assertThat(json.get("runs")).hasSize(4);
    assertThat(json.get("machine").get("cores").asText()).isEqualTo("2");
  }

  @Test
  void theTableSaysWhichTargetsAreMet() throws Exception {
    results(600).writeTo(folder);

    String table = Files.readString(folder.resolve("results.md"));

    assertThat(table)
        .contains("| Engine transactions / commit limit | 30.0 % | ≥ 25 % | yes |")
        .contains("| Release Desk's cost / bare model's | 1.25 × | ≤ 1.3 × | yes |")
        .contains("| Approval → deployment request, p99 | 480 ms | ≤ 500 ms | yes |")
        .contains("| Heap after GC, 1000 running releases | 600 MB | ≤ 512 MB | no |")
        .contains("| Release Desk | 2 | 200 | 80.00 | 2.50 | 168 | 420 | 30.0 % | 35.00 / 480 |")
        .contains("| bare model | 2 | 200 | 64.00 | 3.13 | 100 | 312 | 22.0 % | — |")
        .contains("1: 800 commits/s, 2: 1400 commits/s")
        .contains("date 2026-11-26T23:00:00Z; cores 2")
        .contains("- Counted as PostgreSQL counts commits.");
  }

  @Test
  void targetsAreJudgedOnTheirBounds() {
    Map<String, Boolean> met = new LinkedHashMap<>();
    results(512).targets().forEach(target -> met.put(target.figure(), target.met()));

    assertThat(met).containsValue(true).doesNotContainValue(false);
    assertThat(results(512.5).targets().get(5).met()).isFalse();
  }
}
