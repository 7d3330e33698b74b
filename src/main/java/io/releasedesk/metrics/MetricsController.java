package io.releasedesk.metrics;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Delivery metrics and where time goes, from the engine's history. */
@RestController
@Tag(name = "Metrics")
class MetricsController {

  private final DeliveryMetrics metrics;
  private final StepTimes steps;

  MetricsController(DeliveryMetrics metrics, StepTimes steps) {
    this.metrics = metrics;
    this.steps = steps;
  }

  @GetMapping("/api/metrics")
  @Operation(
      summary = "Delivery metrics",
      description =
          "Deployment frequency, lead time for changes, change failure rate and time to restore (the four "
              + "DORA metrics), approval wait time and time per phase, over the releases the caller may read: each with "
              + "its unit, its value over the period, its trend per week or month, per service, and the releases it "
              + "counts. Computed from the engine's history.")
  @ApiResponse(responseCode = "200", description = "The metrics")
  @ApiResponse(responseCode = "400", description = "A filter that is not allowed, named in words")
  DeliveryMetrics.Answer metrics(
      @Parameter(description = "Only releases of this service of the catalog, e.g. payments")
          @RequestParam(required = false)
          String service,
      @Parameter(
              description =
                  "First day of the period, yyyy-MM-dd (UTC); default: 90 days before 'to'")
          @RequestParam(required = false)
          String from,
      @Parameter(description = "Last day of the period, yyyy-MM-dd (UTC); default: today")
          @RequestParam(required = false)
          String to,
      @Parameter(description = "How the trend is cut: week (default) or month")
          @RequestParam(required = false)
          String bucket) {
    return metrics.compute(service, from, to, bucket);
  }

  @GetMapping("/api/metrics/steps")
  @Operation(
      summary = "Where time goes",
      description =
          "For each user task of the lifecycle completed in the period: how many, and the median and 90th "
              + "percentile of its duration, of its waiting time (created to claimed) and of its working time (claimed "
              + "to completed), slowest first; and the time releases that ended in the period spent in each phase.")
  @ApiResponse(responseCode = "200", description = "The steps and phases")
  @ApiResponse(responseCode = "400", description = "A date that is not allowed, named in words")
  StepTimes.Answer steps(
      @Parameter(
              description =
                  "First day of the period, yyyy-MM-dd (UTC); default: 90 days before 'to'")
          @RequestParam(required = false)
          String from,
      @Parameter(description = "Last day of the period, yyyy-MM-dd (UTC); default: today")
          @RequestParam(required = false)
          String to) {
    return steps.steps(from, to);
  }
}
