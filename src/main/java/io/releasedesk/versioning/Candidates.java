package io.releasedesk.versioning;

import io.releasedesk.catalog.ServiceDefinition;
import java.io.IOException;
import org.eclipse.jgit.lib.Repository;
import org.springframework.stereotype.Service;

/**
 * Pins release candidates to commits: a candidate is the head of the service's branch (its configured branch, else the
 * repository's default branch) when it is cut, read from the repository fetched afresh. A service with
 * {@code tag-candidates} gets a tag per candidate on that commit ({@code v2.4.0-rc.1}, by its tag pattern).
 */
@Service
public class Candidates {

  private final GitMirrors mirrors;
  private final ReleaseTags tags;

  public Candidates(GitMirrors mirrors, ReleaseTags tags) {
    this.mirrors = mirrors;
    this.tags = tags;
  }

  /**
   * The full sha of the commit a new candidate of the service is cut from.
   *
   * @throws RepositoryUnavailableException when the repository cannot be fetched or has no such branch
   */
  public String pin(ServiceDefinition service) {
    try (Repository repository = mirrors.fetch(service)) {
      return head(repository, service);
    }
  }

  /**
   * Pins the candidate to the head of the service's branch and, if the service tags its candidates, tags it there.
   *
   * @return the full sha of the candidate's commit
   * @throws RepositoryUnavailableException when the repository cannot be fetched, has no such branch, or refuses the
   *     tag
   * @throws TagConflictException when the candidate's tag already names another commit
   */
  public String cut(ServiceDefinition service, String candidateVersion) {
    try (Repository repository = mirrors.fetch(service)) {
      String commit = head(repository, service);
      if (service.tagCandidates() && service.pushTags()) {
        tags.tag(
            repository,
            service,
            service.tagOf(candidateVersion),
            commit,
            service.name() + " " + candidateVersion + ": release candidate");
      }
      return commit;
    }
  }

  private static String head(Repository repository, ServiceDefinition service) {
    try {
      return ReleaseHistory.branchHead(repository, service).name();
    } catch (IOException e) {
      throw new RepositoryUnavailableException(
          "Cannot read the branch of "
              + service.repository()
              + " for service "
              + service.name()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
