package io.releasedesk.improvement;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The action items of retrospectives, for scripts and the dashboard. Every logged-in user may list them: what the
 * teams agreed to improve is no secret, and the owners' tasks stay theirs.
 */
@RestController
@Tag(
    name = "Action items",
    description = "What retrospectives agreed to improve, and whether it was done")
class ActionItemsController {

  private final ActionItems actionItems;
  private final ProcessEngineConfigurationImpl engine;

  ActionItemsController(HistoryService historyService, ProcessEngineConfigurationImpl engine) {
    this.actionItems = new ActionItems(historyService);
    this.engine = engine;
  }

  @GetMapping("/api/action-items")
  @Operation(
      summary = "List action items",
      description =
          "Oldest first, a page at a time (firstResult from 0, maxResults 1 to 200, default 50). service "
              + "filters by the service whose retrospective agreed on them; state is open, done or dropped.")
  ActionItems.Page list(
      @RequestParam(required = false) String service,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String firstResult,
      @RequestParam(required = false) String maxResults) {
    return engine
        .getCommandExecutorTxRequired()
        .execute(
            context ->
                context.runWithoutAuthorization(
                    () -> actionItems.page(service, state, firstResult, maxResults)));
  }
}
