package io.releasedesk.calendar;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.engine.InvalidInputException;
import io.releasedesk.release.ReleaseProcess;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Freeze windows: release managers create and delete them, everybody who logs in reads them. While one is on, a
 * release of its services waits before production (Check freeze windows in the release model).
 */
@RestController
@RequestMapping("/api/freezes")
class FreezeController {

  /** As the engine's query limit. */
  static final int MAX_RESULTS = 2000;

  record Page(long total, int firstResult, int maxResults, List<FreezeWindow> freezes) {}

  private final FreezeWindows freezeWindows;
  private final ServiceCatalog catalog;
  private final IdentityService identityService;

  FreezeController(
      FreezeWindows freezeWindows, ServiceCatalog catalog, IdentityService identityService) {
    this.freezeWindows = freezeWindows;
    this.catalog = catalog;
    this.identityService = identityService;
  }

  @PostMapping
  ResponseEntity<FreezeWindow> create(@RequestBody FreezeRequest request) {
    String user = releaseManager("create");
    var checked = request.check(catalog);
    var window =
        freezeWindows.create(
            checked.start(),
            checked.end(),
            checked.reason(),
            checked.services(),
            checked.recurrence(),
            user,
            Instant.now());
    return ResponseEntity.created(URI.create("/api/freezes/" + window.id())).body(window);
  }

  @GetMapping
  Page list(
      @RequestParam(defaultValue = "0") int firstResult,
      @RequestParam(defaultValue = "100") int maxResults) {
    if (firstResult < 0 || maxResults < 1 || maxResults > MAX_RESULTS) {
      throw new InvalidInputException(
          "Page with firstResult ≥ 0 and maxResults from 1 to " + MAX_RESULTS);
    }
    return new Page(
        freezeWindows.count(),
        firstResult,
        maxResults,
        freezeWindows.list(firstResult, maxResults));
  }

  @GetMapping("/{id}")
  ResponseEntity<?> get(@PathVariable String id) {
    return freezeWindows
        .find(id)
        .<ResponseEntity<?>>map(ResponseEntity::ok)
        .orElseGet(() -> notFound(id));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<?> delete(@PathVariable String id) {
    releaseManager("delete");
    return freezeWindows.delete(id) ? ResponseEntity.noContent().build() : notFound(id);
  }

  private static ResponseEntity<?> notFound(String id) {
    return ResponseEntity.of(
            ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No freeze window " + id))
        .build();
  }

  /** The caller, if a release manager; refused otherwise. */
  private String releaseManager(String action) {
    Authentication caller = identityService.getCurrentAuthentication();
    if (caller == null || !caller.getGroupIds().contains(ReleaseProcess.Groups.RELEASE_MANAGERS)) {
      throw new AuthorizationException("Only release managers may " + action + " freeze windows");
    }
    return caller.getUserId();
  }
}
