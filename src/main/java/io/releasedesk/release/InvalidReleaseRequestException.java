package io.releasedesk.release;

import java.util.List;

/** A release request that breaks the rules; the message lists every problem. */
public class InvalidReleaseRequestException extends RuntimeException {

  private final List<String> problems;

  public InvalidReleaseRequestException(List<String> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public static String describe(List<String> problems) {
    return "Invalid release request: " + String.join("; ", problems);
  }

  public List<String> problems() {
    return problems;
  }
}
