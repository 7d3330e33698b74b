package io.releasedesk.identity;

/** Release Desk was started outside the demo profile without its first administrator's credentials. */
public class MissingAdministratorException extends IllegalStateException {

  public MissingAdministratorException(String missing) {
    super("Release Desk needs its first administrator: " + missing + " is not set");
  }
}
