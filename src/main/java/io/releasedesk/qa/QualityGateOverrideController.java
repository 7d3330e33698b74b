package io.releasedesk.qa;

import io.releasedesk.qa.QualityGateOverrides.GateOverride;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** QA's override of the quality gate's {@code fail}: the one door through which people send it. */
@RestController
@Tag(
    name = "Test results",
    description = "CI posts a candidate's test results; the quality gate judges them")
class QualityGateOverrideController {

  record OverrideRequest(String justification) {}

  private final QualityGateOverrides overrides;

  QualityGateOverrideController(QualityGateOverrides overrides) {
    this.overrides = overrides;
  }

  @PostMapping("/api/releases/{releaseKey}/candidates/{candidate}/override")
  @Operation(
      summary = "Send a candidate the quality gate failed to QA's verification anyway",
      description =
          "For QA (group qa), with a justification. The candidate must be current, failed by the gate, "
              + "waiting at Fix defects and not overridden yet. The release records who, when and why; the timeline, "
              + "the release's facts, its candidates, QA's form and the release notes show it.")
  @ApiResponse(
      responseCode = "200",
      description = "Overridden; the candidate waits for QA's verification")
  @ApiResponse(
      responseCode = "400",
      description = "No justification, or a longer one than 4000 characters")
  @ApiResponse(responseCode = "403", description = "The caller is not in group qa")
  @ApiResponse(
      responseCode = "409",
      description =
          "Not the current candidate, its gate did not say fail, it was "
              + "overridden already, or it is no longer at Fix defects")
  GateOverride override(
      @PathVariable String releaseKey,
      @PathVariable String candidate,
      @RequestBody(required = false) OverrideRequest body) {
    return overrides.override(releaseKey, candidate, body == null ? null : body.justification());
  }
}
