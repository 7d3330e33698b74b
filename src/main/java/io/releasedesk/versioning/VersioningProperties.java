package io.releasedesk.versioning;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The version rules' settings.
 *
 * @param initialVersion the version proposed for a service whose repository has no release tag yet
 */
@Validated
@ConfigurationProperties("releasedesk.versioning")
public record VersioningProperties(@NotBlank @DefaultValue("1.0.0") String initialVersion) {

  @AssertTrue(message = "initial-version must be a semantic version such as 1.0.0")
  public boolean isInitialVersionSemantic() {
    return initialVersion == null || NextVersion.parse(initialVersion) != null;
  }
}
