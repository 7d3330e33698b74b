package io.releasedesk.approval;

import java.util.Arrays;
import java.util.List;

/**
 * The people who approved in one round, kept in a text variable ({@code carol, dave}) so that Cockpit and the
 * forms show it as it is. User ids cannot contain commas or spaces.
 */
final class Approvers {

  private Approvers() {}

  static List<String> parse(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  static String add(String text, String approver) {
    return text == null || text.isBlank() ? approver : text + ", " + approver;
  }
}
