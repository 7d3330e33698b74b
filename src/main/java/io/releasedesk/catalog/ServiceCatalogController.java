package io.releasedesk.catalog;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The service catalog, for scripts and CI/CD systems. */
@RestController
@RequestMapping("/api/services")
@Tag(name = "Services", description = "The service catalog: what Release Desk releases")
class ServiceCatalogController {

  private final ServiceCatalog catalog;

  ServiceCatalogController(ServiceCatalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping
  @Operation(
      summary = "The services of the catalog",
      description = "From config/services.yaml, as the release " + "request form offers them.")
  List<ServiceDefinition> services() {
    return catalog.services();
  }
}
