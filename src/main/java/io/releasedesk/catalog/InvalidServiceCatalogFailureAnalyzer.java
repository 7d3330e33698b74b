package io.releasedesk.catalog;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says which lines of the service catalog are wrong, and where the catalog is read from. */
class InvalidServiceCatalogFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidServiceCatalogException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidServiceCatalogException cause) {
    return new FailureAnalysis(
        "The service catalog "
            + cause.location()
            + " is not valid:\n  - "
            + String.join("\n  - ", cause.problems()),
        "Correct the catalog (config/services.yaml in Release Desk's sources, or the file that "
            + "releasedesk.catalog.file / RELEASEDESK_CATALOG_FILE names). Each service needs a repository (git URL "
            + "or local path) and owners; tag-pattern holds {version} (and may hold {service}), issue-link holds {id}.",
        cause);
  }
}
