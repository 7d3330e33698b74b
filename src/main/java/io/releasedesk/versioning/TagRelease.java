package io.releasedesk.versioning;

import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TAG;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.catalog.ServiceDefinition;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Tag release": after a healthy production deployment, an annotated release tag (by the service's tag pattern) on
 * the commit of the candidate that passed QA, pushed to the service's repository. A retried step finds its own tag; a
 * tag of the name on another commit, or a repository that cannot be reached, fails the step (retries, then an
 * incident). A service with {@code push-tags: false} is not tagged, and the release records that.
 */
@Component
public class TagRelease implements JavaDelegate {

  private final ServiceCatalog catalog;
  private final ReleaseTags tags;

  public TagRelease(ServiceCatalog catalog, ReleaseTags tags) {
    this.catalog = catalog;
    this.tags = tags;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ServiceDefinition service = catalog.ofRelease(SERVICE.from(execution).get());
    if (!service.pushTags()) {
      RELEASE_TAG.on(execution).set("");
      return;
    }
    String version = VERSION.from(execution).get();
    String name = service.tagOf(version);
    tags.tag(
        service,
        name,
        CANDIDATE_COMMIT.from(execution).get(),
        message(service.name(), version, SCOPE_SUMMARY.from(execution).getOrNull()));
    RELEASE_TAG.on(execution).set(name);
  }

  /** The tag's message: the release and its scope (the release notes are compiled after the tag). */
  static String message(String service, String version, String scopeSummary) {
    boolean noScope = scopeSummary == null || scopeSummary.isBlank();
    return service + " " + version + (noScope ? "" : "\n\n" + scopeSummary.strip()) + "\n";
  }
}
