package io.releasedesk.catalog;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The service catalog, for scripts and CI/CD systems. */
@RestController
@RequestMapping("/api/services")
class ServiceCatalogController {

  private final ServiceCatalog catalog;

  ServiceCatalogController(ServiceCatalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping
  List<ServiceDefinition> services() {
    return catalog.services();
  }
}
