package io.releasedesk.versioning;

import io.releasedesk.catalog.ServiceDefinition;
import io.releasedesk.versioning.NextVersion.Proposal;
import org.eclipse.jgit.lib.Repository;
import org.springframework.stereotype.Service;

/** Proposes the next version of a service from its repository, fetched afresh. */
@Service
public class VersionProposals {

  private final GitMirrors mirrors;
  private final VersioningProperties properties;

  public VersionProposals(GitMirrors mirrors, VersioningProperties properties) {
    this.mirrors = mirrors;
    this.properties = properties;
  }

  /** @throws RepositoryUnavailableException when the repository cannot be fetched or read */
  public Proposal propose(ServiceDefinition service) {
    try (Repository repository = mirrors.fetch(service)) {
      ReleaseHistory.Since since = ReleaseHistory.read(repository, service);
      return NextVersion.propose(
          since.lastRelease(), since.changes(), NextVersion.parse(properties.initialVersion()));
    }
  }
}
