package io.releasedesk.notes;

import static io.releasedesk.release.ReleaseProcess.Variables.CANDIDATE_COMMIT;
import static io.releasedesk.release.ReleaseProcess.Variables.FIRST_COMMIT_AT;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_NOTES_DRAFT;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.versioning.ShippedChanges;
import io.releasedesk.versioning.ShippedCommits.Range;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * "Draft release notes": reads the commits the release ships (from the service's last release tag to the commit of
 * the candidate that passed QA) and writes the changes section of the notes, in full as a Markdown file and, for the
 * approval form, as text of at most {@value #FORM_TEXT_LIMIT} characters, and when the oldest of those commits was
 * committed (where the lead time for changes starts). A repository that cannot be read fails the
 * step (retries, then an incident); no notes are guessed.
 */
@Component
public class DraftReleaseNotes implements JavaDelegate {

  /** What the engine's text column holds, and so what a form can show of a variable. */
  static final int FORM_TEXT_LIMIT = 4000;

  private final ServiceCatalog catalog;
  private final ShippedChanges changes;

  public DraftReleaseNotes(ServiceCatalog catalog, ShippedChanges changes) {
    this.catalog = catalog;
    this.changes = changes;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String name = SERVICE.from(execution).get();
    ServiceDefinition service = catalog.ofRelease(name);
    String sha = CANDIDATE_COMMIT.from(execution).getOrNull();
    if (sha == null || sha.isBlank()) {
      throw new IllegalStateException(
          "The release candidate has no commit (variable "
              + CANDIDATE_COMMIT.getName()
              + "): the notes are written from the commit that passed QA");
    }
    Range range = changes.read(service, sha);
    String key = execution.getProcessBusinessKey();
    RELEASE_NOTES_DRAFT
        .on(execution)
        .set(
            CommitNotes.markdown(
                range,
                service,
                FORM_TEXT_LIMIT,
                "in the draft notes (`GET /api/releases/"
                    + key
                    + "/notes`, or Cockpit's variable "
                    + ReleaseProcess.Variables.RELEASE_CHANGES
                    + ")"));
    if (range.firstCommitAt() != null) {
      FIRST_COMMIT_AT.on(execution).set(range.firstCommitAt().toString());
    }
    execution.setVariable(
        ReleaseProcess.Variables.RELEASE_CHANGES,
        Variables.fileValue("changes-" + name + "-" + VERSION.from(execution).get() + ".md")
            .file(CommitNotes.markdown(range, service).getBytes(StandardCharsets.UTF_8))
            .mimeType("text/markdown")
            .encoding(StandardCharsets.UTF_8)
            .create());
  }
}
