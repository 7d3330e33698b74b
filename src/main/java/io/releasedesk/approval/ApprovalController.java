package io.releasedesk.approval;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/releases/{key}/approval}: approve or reject as the caller, e.g. from a chat command. */
@RestController
@Tag(name = "Releases")
class ApprovalController {

  /**
   * @param decision {@code approve} or {@code reject}
   * @param comment required when rejecting
   */
  record DecisionBody(String decision, String comment) {}

  private final Approvals approvals;

  ApprovalController(Approvals approvals) {
    this.approvals = approvals;
  }

  @PostMapping("/api/releases/{releaseKey}/approval")
  @Operation(
      summary = "Approve or reject a release as yourself",
      description =
          "The approval task waiting for the caller, under the same rules as in Tasklist: nobody approves "
              + "a release they requested, two CAB approvals come from two people, a rejection needs a comment.")
  @ApiResponse(responseCode = "204", description = "Decided")
  ResponseEntity<Void> decide(@PathVariable String releaseKey, @RequestBody DecisionBody body) {
    approvals.decide(releaseKey, body.decision(), body.comment());
    return ResponseEntity.noContent().build();
  }
}
