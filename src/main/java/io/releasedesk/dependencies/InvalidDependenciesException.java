package io.releasedesk.dependencies;

import java.util.List;

/** A plan's dependencies break a rule; each problem names the entry at fault and the rule. */
public class InvalidDependenciesException extends RuntimeException {

  private final List<String> problems;

  public InvalidDependenciesException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
