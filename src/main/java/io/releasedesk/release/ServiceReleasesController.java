package io.releasedesk.release;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The releases of one service, newest first, for scripts and CI/CD systems. */
@RestController
class ServiceReleasesController {

  private final ServiceReleases releases;

  ServiceReleasesController(ServiceReleases releases) {
    this.releases = releases;
  }

  @GetMapping("/api/services/{service}/releases")
  ServiceReleases.Page releases(
      @PathVariable String service,
      @RequestParam(required = false) String firstResult,
      @RequestParam(required = false) String maxResults) {
    return releases.of(service, firstResult, maxResults);
  }
}
