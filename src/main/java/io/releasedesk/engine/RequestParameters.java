package io.releasedesk.engine;

/** Request parameters as Release Desk's API reads them: a bad one is refused in words (400), never a 500. */
public final class RequestParameters {

  private RequestParameters() {}

  /**
   * A whole number from {@code min} to {@code max}, {@code byDefault} when not given.
   *
   * @throws InvalidInputException naming the parameter and its range, for anything else
   */
  public static int wholeNumber(String name, String value, int byDefault, int min, int max) {
    if (value == null || value.isBlank()) {
      return byDefault;
    }
    try {
      int number = Integer.parseInt(value.strip());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidInputException(
        "'"
            + name
            + "' must be a whole number from "
            + min
            + (max == Integer.MAX_VALUE ? " up" : " to " + max)
            + ", not '"
            + value
            + "'");
  }
}
