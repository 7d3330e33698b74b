package io.releasedesk.versioning;

import io.releasedesk.catalog.ServiceDefinition;
import java.io.IOException;
import org.eclipse.jgit.lib.Repository;
import org.springframework.stereotype.Service;

/**
 * Pins release candidates to commits: a candidate is the head of the service's branch (its configured branch, else the
 * repository's default branch) when it is cut, read from the repository fetched afresh.
 */
@Service
public class Candidates {

  private final GitMirrors mirrors;

  public Candidates(GitMirrors mirrors) {
    this.mirrors = mirrors;
  }

  /**
   * The full sha of the commit a new candidate of the service is cut from.
   *
   * @throws RepositoryUnavailableException when the repository cannot be fetched or has no such branch
   */
  public String pin(ServiceDefinition service) {
    try (Repository repository = mirrors.fetch(service)) {
      return ReleaseHistory.branchHead(repository, service).name();
    } catch (IOException e) {
      throw new RepositoryUnavailableException("Cannot read the branch of " + service.repository() + " for service "
          + service.name() + ": " + e.getMessage(), e);
    }
  }
}
