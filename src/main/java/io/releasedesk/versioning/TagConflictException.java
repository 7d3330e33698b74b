package io.releasedesk.versioning;

/**
 * The repository already has a tag of the name Release Desk would make, on another commit. Release Desk never moves
 * a tag: the step fails and shows as an incident in Cockpit until a person resolves it (deletes a stale tag, say)
 * and retries it.
 */
public class TagConflictException extends RuntimeException {

  public TagConflictException(String message) {
    super(message);
  }
}
