package io.releasedesk.catalog;

import java.util.List;

/** The service catalog cannot be read, or some of its entries break the catalog's rules. */
public class InvalidServiceCatalogException extends RuntimeException {

  private final String location;
  private final List<String> problems;

  InvalidServiceCatalogException(String location, List<String> problems, Throwable cause) {
    super(
        "The service catalog " + location + " is not valid: " + String.join("; ", problems), cause);
    this.location = location;
    this.problems = List.copyOf(problems);
  }

  public String location() {
    return location;
  }

  public List<String> problems() {
    return problems;
  }
}
