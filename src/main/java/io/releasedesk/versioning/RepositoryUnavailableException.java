package io.releasedesk.versioning;

/**
 * A service's repository could not be read (unreachable, refused the credentials, not a git repository). A technical
 * fault: the step fails, its job is retried, and then it shows as an incident in Cockpit. Never a guessed version.
 */
public class RepositoryUnavailableException extends RuntimeException {

  public RepositoryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
