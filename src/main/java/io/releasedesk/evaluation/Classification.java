package io.releasedesk.evaluation;

import java.util.Locale;
import java.util.Optional;

/** How a release did in production, as processes/release-classification.dmn decides after its observation. */
public enum Classification {
  SUCCESSFUL,
  DEGRADED,
  FAILED;

  /** The value of the variable releaseClassification. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** How an incident the release caused was resolved, as operations report it. */
  public enum Resolution {
    FIXED_FORWARD("fixed-forward"),
    ROLLBACK("rollback"),
    HOTFIX("hotfix");

    private final String value;

    Resolution(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }

    public static Optional<Resolution> of(String value) {
      for (Resolution resolution : values()) {
        if (resolution.value.equals(value)) {
          return Optional.of(resolution);
        }
      }
      return Optional.empty();
    }
  }
}
