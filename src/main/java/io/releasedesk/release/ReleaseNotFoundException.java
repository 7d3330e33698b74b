package io.releasedesk.release;

/** No release, or not the part of it that was asked for. */
public class ReleaseNotFoundException extends RuntimeException {

  public ReleaseNotFoundException(String message) {
    super(message);
  }
}
