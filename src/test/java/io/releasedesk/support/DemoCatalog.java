package io.releasedesk.support;

import io.releasedesk.catalog.ServiceCatalog;
import org.springframework.core.io.FileSystemResource;

/** The catalog Release Desk ships with (config/services.yaml), for tests that run without Spring. */
public final class DemoCatalog {

  public static final String FILE = "config/services.yaml";

  private DemoCatalog() {}

  public static ServiceCatalog load() {
    return new ServiceCatalog(FILE, new FileSystemResource(FILE));
  }
}
