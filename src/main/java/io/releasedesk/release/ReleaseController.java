package io.releasedesk.release;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Releases for scripts and CI/CD systems: request one, follow it, cancel it, fetch its notes. */
@RestController
@RequestMapping("/api/releases")
@Tag(name = "Releases", description = "Request a release, follow it, cancel it, fetch its notes")
class ReleaseController {

  record Started(String releaseKey, String processInstanceId) {}

  record CancelBody(String reason) {}

  private final Releases releases;

  ReleaseController(Releases releases) {
    this.releases = releases;
  }

  /**
   * A release request: the fields of the start form as JSON ({@code service}, {@code version}, …). The release's
   * start checks them and refuses anything else.
   */
  @PostMapping
  @Operation(
      summary = "Request a release",
      description =
          "The fields of the release request form. The release is named service@version; a second request "
              + "of a release under way is refused with 409, so a script may repeat a request whose answer it lost.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      examples =
                          @ExampleObject(
                              value =
                                  """
              {"service": "payments", "version": "2.4.0", "targetDate": "2026-12-10", "releaseType": "regular",
               "scopeSummary": "New checkout flow", "hasDatabaseMigrations": false, "customerFacing": true}"""))))
  @ApiResponse(responseCode = "201", description = "Requested; Location names the release")
  ResponseEntity<Started> request(@RequestBody Map<String, Object> body) {
    var instance = releases.request(body);
    return ResponseEntity.created(URI.create("/api/releases/" + instance.getBusinessKey()))
        .body(new Started(instance.getBusinessKey(), instance.getId()));
  }

  @GetMapping("/{releaseKey}")
  @Operation(
      summary = "A release's state",
      description =
          "Its outcome, open tasks and facts, and its approval: "
              + "`approval` is the current round (its decision is null while the round is open), `rounds` every round so "
              + "far, the current one last, each with who decided what, when and with which comment, and after a rejection "
              + "what the next plan redid (`redo`: everything, or only the approval for the same candidate). The approval facts "
              + "(approvalDecision, approvedBy, approvalRule, rejectionReason) are those of the current round. releaseKey is "
              + "service@version, e.g. payments@2.4.0.")
  Releases.Status status(@PathVariable String releaseKey) {
    return releases.status(releaseKey);
  }

  @PostMapping("/{releaseKey}/cancel")
  @Operation(
      summary = "Cancel a release",
      description =
          "In any phase, with a reason; for release managers and "
              + "administrators. A deployment under way is stopped with it.")
  @ApiResponse(responseCode = "204", description = "Cancelled")
  ResponseEntity<Void> cancel(@PathVariable String releaseKey, @RequestBody CancelBody body) {
    releases.cancel(releaseKey, body.reason());
    return ResponseEntity.noContent().build();
  }

  @GetMapping(value = "/{releaseKey}/notes", produces = "text/markdown;charset=UTF-8")
  @Operation(
      summary = "A release's notes",
      description = "Markdown, written once the release is deployed.")
  String notes(@PathVariable String releaseKey) {
    return releases.notes(releaseKey);
  }
}
