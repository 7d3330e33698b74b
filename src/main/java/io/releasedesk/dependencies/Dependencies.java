package io.releasedesk.dependencies;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.engine.EnteredText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The dependencies a plan declares, as a release manager types them: entries separated by commas or line breaks,
 * each a catalog service and a version range, such as {@code ledger >= 1.7.0, payments ^2.3.0}. Checked when the
 * plan is completed, whatever the door; stored in one way of writing ({@link #text(List)}).
 */
public final class Dependencies {

  /** A service name (as the catalog allows), then the range, with or without a space between. */
  private static final Pattern ENTRY =
      Pattern.compile("^([a-z0-9][a-z0-9._-]*)\\s*(.*)$", Pattern.DOTALL);

  /** As the plan form allows. */
  public static final int MAX_LENGTH = 1000;

  private static final String EXAMPLE = "such as 'ledger >= 1.7.0'";

  private Dependencies() {}

  /** Entries of already checked text (as stored); empty text, or none, is no dependency. */
  public static List<Dependency> read(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split("[,\\n]"))
        .map(String::strip)
        .filter(entry -> !entry.isEmpty())
        .map(
            entry -> {
              Matcher matcher = ENTRY.matcher(entry);
              if (!matcher.matches()) {
                throw new IllegalArgumentException(
                    "Dependency '" + entry + "' is not a service and a version range");
              }
              return new Dependency(
                  matcher.group(1), matcher.group(2).strip().replaceAll("\\s+", " "));
            })
        .toList();
  }

  /** The dependencies as stored: one way of writing, each entry {@code service range}, separated by ", ". */
  public static String text(List<Dependency> dependencies) {
    return dependencies.stream().map(Dependency::toString).collect(Collectors.joining(", "));
  }

  /**
   * Reads and checks what a plan declares for a release of {@code service}.
   *
   * @param value the plan's field: text, or null for none
   * @throws InvalidDependenciesException naming each entry at fault and the rule it breaks
   */
  public static List<Dependency> check(Object value, String service, ServiceCatalog catalog) {
    if (value == null) {
      return List.of();
    }
    var problems = new ArrayList<String>();
    if (!(value instanceof String text)) {
      throw new InvalidDependenciesException(List.of("Dependencies must be text " + EXAMPLE));
    }
    EnteredText.problem("Dependencies", text, MAX_LENGTH).ifPresent(problems::add);
    if (!problems.isEmpty()) {
      throw new InvalidDependenciesException(problems);
    }
    var dependencies = new ArrayList<Dependency>();
    var named = new HashSet<String>();
    for (String entry : text.split("[,\\n]")) {
      entry = entry.strip();
      if (entry.isEmpty()) {
        continue;
      }
      Matcher matcher = ENTRY.matcher(entry);
      if (!matcher.matches()) {
        problems.add(
            "Dependency '"
                + entry
                + "' must start with a service of the catalog, then a version range "
                + EXAMPLE);
        continue;
      }
      var dependency =
          new Dependency(matcher.group(1), matcher.group(2).strip().replaceAll("\\s+", " "));
      if (dependency.service().equals(service)) {
        problems.add("Dependency '" + entry + "': a service is not its own dependency");
      } else if (catalog.find(dependency.service()).isEmpty()) {
        problems.add("Dependency '" + entry + "': " + catalog.notListed(dependency.service()));
      } else if (!named.add(dependency.service())) {
        problems.add(
            "Dependency '"
                + entry
                + "': "
                + dependency.service()
                + " is named twice; give one range, "
                + "such as '>=1.7.0 <2.0.0'");
      }
      if (dependency.range().isEmpty()) {
        problems.add(
            "Dependency '" + entry + "' needs a version range after the service " + EXAMPLE);
      } else if (!Dependency.isRange(dependency.range())) {
        problems.add(
            "Dependency '"
                + entry
                + "': '"
                + dependency.range()
                + "' is not a version range such as "
                + "'>= 1.7.0', '^1.7.0', '~1.7.0', '1.x' or '>=1.7.0 <2.0.0'");
      }
      dependencies.add(dependency);
    }
    if (!problems.isEmpty()) {
      throw new InvalidDependenciesException(problems);
    }
    return List.copyOf(dependencies);
  }
}
