package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.REPAIRS_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;

import io.holunda.camunda.bpm.data.factory.VariableFactory;
import io.releasedesk.engine.EnteredText;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a release manager asks for when requesting a release, checked. Built from the start form's values (or the
 * REST API's), so every way of starting a release gets the same rules and the same messages.
 */
public record ReleaseRequest(
    String service,
    String version,
    LocalDate targetDate,
    String releaseType,
    String scopeSummary,
    boolean hasDatabaseMigrations,
    boolean customerFacing) {

  /** Semantic Versioning 2.0.0, as published at semver.org. */
  public static final Pattern SEMANTIC_VERSION =
      Pattern.compile(
          "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

  public static final Pattern SERVICE_NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");

  /**
   * The fields of a request, as the start form names them. The service's repository is not one of them: it comes
   * from the service catalog.
   */
  public static final List<String> FIELDS =
      Stream.<VariableFactory<?>>of(
              SERVICE,
              VERSION,
              TARGET_DATE,
              RELEASE_TYPE,
              SCOPE_SUMMARY,
              HAS_DATABASE_MIGRATIONS,
              CUSTOMER_FACING,
              REPAIRS_RELEASE)
          .map(VariableFactory::getName)
          .toList();

  public static final Set<String> RELEASE_TYPES = Set.of("regular", "hotfix");
  public static final Set<String> CHANGE_SIZES = Set.of("small", "medium", "large");

  /** Longer texts do not fit a string variable's column. */
  public static final int MAX_TEXT_LENGTH = EnteredText.MAX_LENGTH;

  /** How far ahead a release may be planned; a later target date is a typo (or +999999999-12-31). */
  public static final int MAX_YEARS_AHEAD = 2;

  /** The business key that names the release everywhere: {@code service@version}. */
  public String releaseKey() {
    return service + "@" + version;
  }

  /**
   * Reads and checks a request from variables as a form or a client submits them.
   *
   * @param today the day the request is made; the target date may not lie before it
   * @throws InvalidReleaseRequestException naming every problem found, not just the first
   */
  public static ReleaseRequest from(Map<String, ?> values, LocalDate today) {
    var problems = new ArrayList<String>();
    String service = text(values, SERVICE.getName(), "Service", problems);
    if (service != null && !SERVICE_NAME.matcher(service).matches()) {
      problems.add(
          "Service '"
              + service
              + "' must be lower case letters, digits, '.', '_' or '-' (at most 63)");
    }
    String version = checkVersion(values.get(VERSION.getName()), problems);
    LocalDate targetDate = checkTargetDate(values.get(TARGET_DATE.getName()), today, problems);
    String releaseType = text(values, RELEASE_TYPE.getName(), "Release type", problems);
    if (releaseType != null && !RELEASE_TYPES.contains(releaseType)) {
      problems.add("Release type must be 'regular' or 'hotfix', not '" + releaseType + "'");
    }
    String scopeSummary = text(values, SCOPE_SUMMARY.getName(), "Scope summary", problems);
    boolean migrations =
        flag(values, HAS_DATABASE_MIGRATIONS.getName(), "Database migrations", problems);
    boolean customerFacing = flag(values, CUSTOMER_FACING.getName(), "Customer-facing", problems);
    if (!problems.isEmpty()) {
      throw new InvalidReleaseRequestException(problems);
    }
    return new ReleaseRequest(
        service, version, targetDate, releaseType, scopeSummary, migrations, customerFacing);
  }

  /**
   * What is wrong with the release a hotfix names as the one it repairs ({@code repairsRelease}, optional): only a
   * hotfix names one, and it must be an earlier release of the same service, {@code service@version}, which
   * {@code released} tells (true if a release of that key was requested before).
   */
  public static List<String> repairsProblems(Map<String, ?> values, Predicate<String> released) {
    Object value = values.get(REPAIRS_RELEASE.getName());
    if (value == null || value instanceof String text && text.isBlank()) {
      return List.of();
    }
    if (!(value instanceof String)) {
      return List.of("The release repaired must be text such as payments@2.4.0");
    }
    String repaired = ((String) value).strip();
    if (!"hotfix".equals(values.get(RELEASE_TYPE.getName()))) {
      return List.of("Only a hotfix names the release it repairs; this is not a hotfix");
    }
    int at = repaired.indexOf('@');
    String service = values.get(SERVICE.getName()) instanceof String s ? s.strip() : "";
    if (at < 1 || !SEMANTIC_VERSION.matcher(repaired.substring(at + 1)).matches()) {
      return List.of(
          "The release repaired, '"
              + repaired
              + "', must be named service@version, e.g. "
              + service
              + "@2.4.0");
    }
    if (!repaired.substring(0, at).equals(service)) {
      return List.of(
          "A hotfix of " + service + " repairs a release of " + service + ", not " + repaired);
    }
    if (!released.test(repaired)) {
      return List.of("There is no release " + repaired + " for this hotfix to repair");
    }
    return List.of();
  }

  /** Checks the planning decisions a release manager adds when planning; returns the problems found. */
  public static List<String> planningProblems(Map<String, ?> values) {
    var problems = new ArrayList<String>();
    String changeSize = text(values, CHANGE_SIZE.getName(), "Size of change", problems);
    if (changeSize != null && !CHANGE_SIZES.contains(changeSize)) {
      problems.add("Size of change must be 'small', 'medium' or 'large', not '" + changeSize + "'");
    }
    return problems;
  }

  private static String checkVersion(Object value, List<String> problems) {
    if (value != null && !(value instanceof String)) {
      problems.add("Version must be text such as 2.4.0");
      return null;
    }
    String version = value == null ? "" : ((String) value).strip();
    if (version.isEmpty()) {
      problems.add("Version is required");
      return null;
    }
    if (!SEMANTIC_VERSION.matcher(version).matches()) {
      problems.add(
          "Version '" + version + "' is not a semantic version such as 2.4.0 or 2.4.0-beta.1");
      return null;
    }
    return version;
  }

  private static LocalDate checkTargetDate(Object value, LocalDate today, List<String> problems) {
    LocalDate date;
    if (value instanceof Date typed) {
      date = LocalDate.ofInstant(typed.toInstant(), ZoneId.systemDefault());
    } else if (value != null && !(value instanceof String)) {
      problems.add("Target date must be a date like 2026-12-01");
      return null;
    } else if (value == null || ((String) value).isBlank()) {
      problems.add("Target date is required");
      return null;
    } else {
      date = parseDate(((String) value).strip());
      if (date == null) {
        problems.add("Target date '" + value + "' is not a date like 2026-12-01");
        return null;
      }
    }
    if (date.isBefore(today)) {
      problems.add("Target date " + date + " lies in the past");
    } else if (date.isAfter(today.plusYears(MAX_YEARS_AHEAD))) {
      problems.add(
          "Target date "
              + date
              + " lies more than "
              + MAX_YEARS_AHEAD
              + " years ahead (latest "
              + today.plusYears(MAX_YEARS_AHEAD)
              + ")");
    }
    return date;
  }

  /** A date as form-js date fields submit it (2026-12-01), or the day of an ISO date-time. */
  private static LocalDate parseDate(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException notADate) {
      try {
        return OffsetDateTime.parse(text).toLocalDate();
      } catch (DateTimeParseException notAnOffsetDateTime) {
        try {
          return LocalDateTime.parse(text).toLocalDate();
        } catch (DateTimeParseException notADateTime) {
          return null;
        }
      }
    }
  }

  private static String text(
      Map<String, ?> values, String key, String label, List<String> problems) {
    Object value = values.get(key);
    if (value != null && !(value instanceof String)) {
      problems.add(label + " must be text");
      return null;
    }
    String text = value == null ? "" : ((String) value).strip();
    if (text.isEmpty()) {
      problems.add(label + " is required");
      return null;
    }
    var problem = EnteredText.problem(label, text);
    if (problem.isPresent()) {
      problems.add(problem.get());
      return null;
    }
    return text;
  }

  private static boolean flag(
      Map<String, ?> values, String key, String label, List<String> problems) {
    Object value = values.get(key);
    if (value instanceof Boolean b) {
      return b;
    }
    problems.add(label + " must be answered with true or false");
    return false;
  }
}
