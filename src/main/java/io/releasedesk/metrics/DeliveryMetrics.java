package io.releasedesk.metrics;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.metrics.ProductionDeployments.Delivery;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Service;

/**
 * The four DORA metrics of Release Desk's releases, per service and overall, with their trend per week or month, and
 * the time approvals wait and releases spend in each phase, all computed from the engine's history.
 */
@Service
public class DeliveryMetrics {

  /** A release (or an approval round) a metric counts, when it counts and its value. */
  public record Counted(String releaseKey, String service, Instant at, Double value) {}

  /** One bucket of a trend: its first day, the metric's value in it, and how many releases it counts. */
  public record Point(LocalDate from, Double value, int releases) {}

  /** The metric for one service. */
  public record OfService(Double value, int releases, List<Point> trend) {}

  /**
   * A metric over the period.
   *
   * @param value for the whole period; null when it counts no release
   */
  public record Metric(
      String unit,
      String definition,
      Double value,
      int releases,
      List<Point> trend,
      Map<String, OfService> byService,
      List<Counted> counted) {}

  /** Time in one phase of the lifecycle, over the releases that ended in the period. */
  public record PhaseTime(String phase, int releases, Double medianHours, Double p90Hours) {}

  public record Answer(
      Period period,
      String service,
      Metric deploymentFrequency,
      Metric leadTimeForChanges,
      Metric changeFailureRate,
      Metric timeToRestore,
      Metric approvalWaitTime,
      List<PhaseTime> timePerPhase) {}

  private final ProductionDeployments deliveries;
  private final StepTimes steps;
  private final ServiceCatalog catalog;

  DeliveryMetrics(
      ProductionDeployments productionDeployments, StepTimes steps, ServiceCatalog catalog) {
    this.deliveries = productionDeployments;
    this.steps = steps;
    this.catalog = catalog;
  }

  /** @throws InvalidInputException for a filter that is not allowed, saying why */
  public Answer compute(String service, String from, String to, String bucket) {
    String serviceFilter = service == null || service.isBlank() ? null : service.strip();
    if (serviceFilter != null && catalog.find(serviceFilter).isEmpty()) {
      throw new InvalidInputException(
          "'service' must be a service of the catalog ("
              + String.join(", ", catalog.services().stream().map(ServiceDefinition::name).toList())
              + "), not '"
              + service
              + "'");
    }
    Period period = Period.of(from, to, bucket, today());
    return compute(serviceFilter, period);
  }

  Answer compute(String service, Period period) {
    List<Delivery> all =
        deliveries.between(period.start(), period.end()).stream()
            .filter(delivery -> service == null || service.equals(delivery.service()))
            .toList();
    List<Delivery> healthy = all.stream().filter(Delivery::healthy).toList();

    List<Counted> deployed =
        healthy.stream()
            .map(d -> new Counted(d.releaseKey(), d.service(), d.productionAt(), 1.0))
            .toList();
    double perBucket = period.bucket().days;
    Metric frequency =
        metric(
            "deployments per " + period.bucket().word(),
            "Releases deployed to production healthy, per "
                + period.bucket().word()
                + " of the period",
            period,
            deployed,
            counted ->
                counted.isEmpty() ? 0.0 : Stats.round(counted.size() * perBucket / period.days()),
            counted -> (double) counted.size());

    List<Counted> leadTimes =
        healthy.stream()
            .map(
                d ->
                    new Counted(
                        d.releaseKey(),
                        d.service(),
                        d.productionAt(),
                        Stats.round(Stats.hours(leadTimeStart(d), d.productionAt()))))
            .toList();
    Metric leadTime =
        metric(
            "hours",
            "Median time from the release's first commit (from git; its request when no "
                + "commit is known) to its healthy production deployment",
            period,
            leadTimes,
            DeliveryMetrics::median,
            null);

    List<Counted> classified =
        all.stream()
            .filter(d -> d.classification() != null)
            .map(
                d ->
                    new Counted(
                        d.releaseKey(), d.service(), d.productionAt(), d.failed() ? 1.0 : 0.0))
            .toList();
    Metric failureRate =
        metric(
            "ratio",
            "Releases classified failed (rolled back, or a hotfix needed) among the "
                + "classified releases deployed to production",
            period,
            classified,
            DeliveryMetrics::mean,
            null);

    Metric restore =
        metric(
            "hours",
            "Median time from the first incident report on a failed release to the healthy "
                + "production deployment of the release that repairs it",
            period,
            restores(healthy),
            DeliveryMetrics::median,
            null);

    List<Counted> approvals =
        steps.approvalRounds(period.start(), period.end()).stream()
            .filter(round -> service == null || service.equals(round.service()))
            .toList();
    Metric approvalWait =
        metric(
            "hours",
            "Median time from an approval round's first approval task to its "
                + "decision; automatic approvals are not counted",
            period,
            approvals,
            DeliveryMetrics::median,
            null);

    return new Answer(
        period,
        service,
        frequency,
        leadTime,
        failureRate,
        restore,
        approvalWait,
        steps.timePerPhase(period.start(), period.end(), service));
  }

  /**
   * Where a release's lead time starts: its first shipped commit, or its request when no commit is known or git's
   * time of it lies after the deployment (a clock that was wrong where the commit was made).
   */
  static Instant leadTimeStart(Delivery delivery) {
    Instant commit = delivery.firstCommitAt();
    return commit == null || commit.isAfter(delivery.productionAt())
        ? delivery.requestedAt()
        : commit;
  }

  /** Each failed release repaired in the period, from its first incident report to its first healthy repair. */
  private List<Counted> restores(List<Delivery> healthy) {
    Map<String, Delivery> firstRepair = new LinkedHashMap<>();
    healthy.stream()
        .filter(d -> d.repairsRelease() != null)
        .forEach(d -> firstRepair.putIfAbsent(d.repairsRelease(), d));
    Map<String, Instant> reported = new TreeMap<>();
    deliveries.ofReleases(firstRepair.keySet()).stream()
        .filter(broken -> broken.incidentReportedAt() != null)
        .forEach(
            broken ->
                reported.merge(
                    broken.releaseKey(),
                    broken.incidentReportedAt(),
                    (a, b) -> a.isBefore(b) ? a : b));
    var restores = new ArrayList<Counted>();
    firstRepair.forEach(
        (brokenKey, repair) -> {
          Instant incident = reported.get(brokenKey);
          if (incident != null && !incident.isAfter(repair.productionAt())) {
            restores.add(
                new Counted(
                    brokenKey,
                    repair.service(),
                    repair.productionAt(),
                    Stats.round(Stats.hours(incident, repair.productionAt()))));
          }
        });
    return restores;
  }

  /**
   * @param ofPeriod the value of the whole period (and of a service)
   * @param ofBucket the value of one bucket; null for the same as of the period
   */
  private static Metric metric(
      String unit,
      String definition,
      Period period,
      List<Counted> counted,
      Function<List<Counted>, Double> ofPeriod,
      Function<List<Counted>, Double> ofBucket) {
    Function<List<Counted>, Double> bucketValue = ofBucket == null ? ofPeriod : ofBucket;
    Map<String, List<Counted>> perService =
        counted.stream()
            .filter(c -> c.service() != null)
            .collect(Collectors.groupingBy(Counted::service, TreeMap::new, Collectors.toList()));
    Map<String, OfService> byService = new LinkedHashMap<>();
    perService.forEach(
        (service, ofService) ->
            byService.put(
                service,
                new OfService(
                    ofPeriod.apply(ofService),
                    ofService.size(),
                    trend(period, ofService, bucketValue))));
    List<Counted> sorted = counted.stream().sorted(Comparator.comparing(Counted::at)).toList();
    return new Metric(
        unit,
        definition,
        ofPeriod.apply(counted),
        counted.size(),
        trend(period, counted, bucketValue),
        byService,
        sorted);
  }

  private static List<Point> trend(
      Period period, List<Counted> counted, Function<List<Counted>, Double> value) {
    Map<LocalDate, List<Counted>> perBucket =
        counted.stream().collect(Collectors.groupingBy(c -> period.bucketOf(c.at())));
    return period.buckets().stream()
        .map(
            start -> {
              List<Counted> inBucket = perBucket.getOrDefault(start, List.of());
              return new Point(start, value.apply(inBucket), inBucket.size());
            })
        .toList();
  }

  private static Double median(List<Counted> counted) {
    return Stats.median(counted.stream().map(Counted::value).toList());
  }

  private static Double mean(List<Counted> counted) {
    return counted.isEmpty()
        ? null
        : Stats.round(counted.stream().mapToDouble(Counted::value).average().orElseThrow());
  }

  /** Today as the engine sees it (its clock, which tests may move). */
  static LocalDate today() {
    return LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), java.time.ZoneOffset.UTC);
  }
}
