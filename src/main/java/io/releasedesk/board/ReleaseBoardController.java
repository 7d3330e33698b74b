package io.releasedesk.board;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The release board's data, for the board's page and for scripts. */
@RestController
@Tag(name = "Releases")
class ReleaseBoardController {

  private final ReleaseBoard board;

  ReleaseBoardController(ReleaseBoard board) {
    this.board = board;
  }

  @GetMapping("/api/releases")
  @Operation(
      summary = "The release board",
      description =
          "Every release the caller may read that runs or finished lately (releasedesk.board.finished-within,"
              + " 30 days by default), sorted by target date: its phase (the group of the lifecycle diagram its current "
              + "step lies in) or outcome, whom it waits for (open tasks with candidate groups, assignee and due date), "
              + "its dates, risk and current candidate. Participants see the running releases they are given a task in; "
              + "release managers, release viewers and administrators see every release.")
  @ApiResponse(responseCode = "200", description = "A page of releases and how many match in all")
  @ApiResponse(
      responseCode = "400",
      description = "A filter or paging value that is not allowed, named in words")
  ReleaseBoard.Page releases(
      @Parameter(description = "Only releases of this service of the catalog, e.g. payments")
          @RequestParam(required = false)
          String service,
      @Parameter(
              description =
                  "Only running releases in this phase, e.g. Planning (the list is in the answer)")
          @RequestParam(required = false)
          String phase,
      @Parameter(
              description =
                  "Only releases with this outcome: in progress, released, rolled back or cancelled")
          @RequestParam(required = false)
          String outcome,
      @Parameter(description = "How many matching releases to skip (default 0)")
          @RequestParam(required = false)
          String firstResult,
      @Parameter(description = "How many to return, 1 to 100 (default 20)")
          @RequestParam(required = false)
          String maxResults) {
    return board.page(service, phase, outcome, firstResult, maxResults);
  }
}
