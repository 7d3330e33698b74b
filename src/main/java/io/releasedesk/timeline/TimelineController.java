package io.releasedesk.timeline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A release's story in words, for people, the release board and Tasklist's Release tab. */
@RestController
@Tag(name = "Releases")
class TimelineController {

  private final ReleaseTimeline timeline;

  TimelineController(ReleaseTimeline timeline) {
    this.timeline = timeline;
  }

  @GetMapping("/api/releases/{releaseKey}/timeline")
  @Operation(
      summary = "A release's timeline",
      description =
          "What happened so far, in order and in words: who requested it, the plan, the teams' answers, the "
              + "risk and the rule that decided it, each candidate with its QA verdict, approvals and rejections with "
              + "their comments, refused self-approvals, deployments with their environment, health, notes and the "
              + "retrospective; and what it waits for now. Only for people who may read the release; also answers "
              + "a GET with the session of Tasklist or Cockpit.")
  @ApiResponse(
      responseCode = "404",
      description = "No such release, or one the caller may not read")
  ReleaseTimeline.Timeline timeline(@PathVariable String releaseKey) {
    return timeline.of(releaseKey);
  }
}
