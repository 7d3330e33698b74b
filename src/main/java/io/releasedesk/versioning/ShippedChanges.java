package io.releasedesk.versioning;

import io.releasedesk.catalog.ServiceDefinition;
import org.eclipse.jgit.lib.Repository;
import org.springframework.stereotype.Service;

/** The commits a release of a service ships, read from its repository, fetched afresh. */
@Service
public class ShippedChanges {

  private final GitMirrors mirrors;

  public ShippedChanges(GitMirrors mirrors) {
    this.mirrors = mirrors;
  }

  /**
   * The commits between the service's last release tag and the shipped commit.
   *
   * @throws RepositoryUnavailableException when the repository cannot be fetched or read, or lacks the commit
   */
  public ShippedCommits.Range read(ServiceDefinition service, String sha) {
    try (Repository repository = mirrors.fetch(service)) {
      return ShippedCommits.read(repository, service, sha);
    }
  }
}
