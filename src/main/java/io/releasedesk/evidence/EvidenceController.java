package io.releasedesk.evidence;

import io.releasedesk.engine.ConflictException;
import io.releasedesk.release.ReleaseNotFoundException;
import io.releasedesk.timeline.ReleaseTimeline;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An ended release's evidence pack, as it was frozen when the release ended. */
@RestController
@Tag(name = "Releases")
class EvidenceController {

  static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown;charset=UTF-8");

  private final ReleaseTimeline timeline;
  private final EvidencePacks packs;

  EvidenceController(ReleaseTimeline timeline, EvidencePacks packs) {
    this.timeline = timeline;
    this.packs = packs;
  }

  @GetMapping("/api/releases/{releaseKey}/evidence")
  @Operation(
      summary = "A release's evidence pack",
      description =
          "One Markdown document, frozen when the release ended (completed, rolled back or cancelled): the"
              + " request and plan, the risk and the rule that decided it, QA's candidates and the quality gate,"
              + " approvals with who and when and refused self-approvals, deployments, release notes, the"
              + " retrospective and its action items, the classification, and the whole timeline. Stored as it"
              + " was then. For the people who may read the release's timeline; also answers a GET with the"
              + " session of Tasklist or Cockpit. A key requested again after a cancellation names several"
              + " releases: the newest, unless processInstanceId names one of them.")
  @ApiResponse(
      responseCode = "200",
      description = "The pack, as a download",
      content = @Content(mediaType = "text/markdown"))
  @ApiResponse(
      responseCode = "404",
      description =
          "No such release (or none of this key with this processInstanceId), one the caller may not"
              + " read, or one that ended without a pack")
  @ApiResponse(responseCode = "409", description = "The release is still running")
  ResponseEntity<String> evidence(
      @PathVariable String releaseKey,
      @Parameter(
              description =
                  "One release of this key, by its process instance id; the newest without it")
          @RequestParam(required = false)
          String processInstanceId) {
    HistoricProcessInstance release = timeline.readableRelease(releaseKey, processInstanceId);
    if (release.getEndTime() == null) {
      throw new ConflictException(
          "Release "
              + releaseKey
              + " is still running: its evidence pack is frozen when it ends (completed, rolled back or"
              + " cancelled); until then its timeline tells what happened so far");
    }
    EvidencePacks.Pack pack =
        packs
            .of(release.getId())
            .orElseThrow(
                () ->
                    new ReleaseNotFoundException(
                        "Release "
                            + releaseKey
                            + " ended without an evidence pack: it ended before Release Desk"
                            + " kept them, or was deleted rather than cancelled"));
    return ResponseEntity.ok()
        .contentType(MARKDOWN)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(releaseKey + "-evidence.md")
                .build()
                .toString())
        .body(pack.document());
  }
}
