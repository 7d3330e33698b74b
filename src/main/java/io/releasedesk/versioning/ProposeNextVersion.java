package io.releasedesk.versioning;

import static io.releasedesk.release.ReleaseProcess.Variables.LAST_RELEASED_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.NOTHING_CHANGED;
import static io.releasedesk.release.ReleaseProcess.Variables.PROPOSED_VERSION;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION_REASON;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.versioning.NextVersion.Change;
import io.releasedesk.versioning.NextVersion.Proposal;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Propose version": reads the service's repository and proposes the next version for the plan, with the last
 * released version and the commits that decided it, or says that nothing changed since the last release. Runs each
 * time the release is planned, so a plan sent back shows what the repository says now. A repository that cannot be
 * read fails the step (retries, then an incident); nothing is proposed then.
 */
@Component
public class ProposeNextVersion implements JavaDelegate {

  private final ServiceCatalog catalog;
  private final VersionProposals proposals;

  public ProposeNextVersion(ServiceCatalog catalog, VersionProposals proposals) {
    this.catalog = catalog;
    this.proposals = proposals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String name = SERVICE.from(execution).get();
    ServiceDefinition service =
        catalog
            .find(name)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        catalog.notListed(name)
                            + "; the release was requested while it was listed"));
    Proposal proposal = proposals.propose(service);
    PROPOSED_VERSION.on(execution).set(proposal.proposed());
    LAST_RELEASED_VERSION
        .on(execution)
        .set(proposal.lastRelease() == null ? "" : proposal.lastRelease());
    VERSION_REASON.on(execution).set(reason(service, proposal));
    NOTHING_CHANGED.on(execution).set(proposal.nothingChanged());
  }

  /** What the plan form shows under the proposed version. */
  static String reason(ServiceDefinition service, Proposal proposal) {
    var text = new StringBuilder();
    if (proposal.lastRelease() == null) {
      text.append("No release tag of the pattern `")
          .append(service.tagPattern())
          .append("` yet: the initial version ")
          .append(proposal.proposed())
          .append(" is proposed.");
    } else if (proposal.nothingChanged()) {
      text.append("**Nothing changed since the last release ")
          .append(proposal.lastRelease())
          .append("** (tag `")
          .append(service.tagOf(proposal.lastRelease()))
          .append("`): no commits")
          .append(service.path() == null ? "" : " under `" + service.path() + "`")
          .append(". Cancel the release, or " + "release anyway (")
          .append(proposal.proposed())
          .append(" would be the next patch version).");
      return text.toString();
    } else {
      text.append("Last release ")
          .append(proposal.lastRelease())
          .append(" (tag `")
          .append(service.tagOf(proposal.lastRelease()))
          .append("`); ")
          .append(proposal.changes().size())
          .append(proposal.changes().size() == 1 ? " commit" : " commits")
          .append(" since")
          .append(service.path() == null ? "" : " under `" + service.path() + "`")
          .append(". A ")
          .append(proposal.bump().name().toLowerCase(Locale.ROOT))
          .append(" version, because of:");
    }
    text.append("\n");
    proposal.deciding().stream()
        .limit(20)
        .forEach(change -> text.append("\n- ").append(line(change)));
    if (proposal.deciding().size() > 20) {
      text.append("\n- … and ").append(proposal.deciding().size() - 20).append(" more");
    }
    return text.toString();
  }

  private static String line(Change change) {
    var commit = change.commit();
    String type =
        commit.isConventional() ? commit.type() + (commit.breaking() ? "!" : "") : "other";
    String subject = commit.subject().replaceAll("[`*_\\[\\]<>]", "");
    return "`" + change.shortSha() + "` " + type + ": " + subject;
  }
}
