package io.releasedesk.approval;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/releases/{key}/approval}: approve or reject as the caller, e.g. from a chat command. */
@RestController
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
  ResponseEntity<Void> decide(@PathVariable String releaseKey, @RequestBody DecisionBody body) {
    approvals.decide(releaseKey, body.decision(), body.comment());
    return ResponseEntity.noContent().build();
  }
}
