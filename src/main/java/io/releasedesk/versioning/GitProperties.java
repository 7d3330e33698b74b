package io.releasedesk.versioning;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Release Desk reads the services' git repositories.
 *
 * @param dataFolder where the bare mirrors of the repositories are kept, one folder per repository
 * @param timeout how long a fetch may wait for a remote repository to answer
 * @param credentials by host name (e.g. {@code git.example.com}), how to log in to remote repositories there;
 *     they never come from process variables or forms
 */
@Validated
@ConfigurationProperties("releasedesk.git")
public record GitProperties(
    @NotNull @DefaultValue("data/git") Path dataFolder,
    @NotNull @DefaultValue("PT30S") Duration timeout,
    @NotNull @DefaultValue Map<String, @Valid Credentials> credentials) {

  /**
   * Credentials for one host: an HTTPS token, or an SSH private key.
   *
   * @param username sent with the token; most forges accept any name with a token
   * @param token an access token for HTTPS (environment variable, never in a file under version control)
   * @param sshKeyPath the private key file for ssh:// and git@host:path repositories
   */
  public record Credentials(
      @DefaultValue("release-desk") String username, String token, Path sshKeyPath) {

    @AssertTrue(message = "give a token (HTTPS) or an ssh-key-path (SSH), not both and not neither")
    public boolean isEitherTokenOrSshKey() {
      boolean hasToken = token != null && !token.isBlank();
      return hasToken != (sshKeyPath != null);
    }

    @Override
    public String toString() {
      return "Credentials[username="
          + username
          + ", token="
          + (token == null ? "none" : "***")
          + ", sshKeyPath="
          + sshKeyPath
          + "]";
    }
  }
}
