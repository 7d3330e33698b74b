package io.releasedesk.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Slows down guessing passwords without letting strangers lock anybody out: after a few wrong passwords in a row
 * from one client address for one user, that address waits a while before its passwords for that user are checked
 * again. Nobody else waits: the user from their own address, and other users from the same address, log in as
 * usual. The wait ends by itself; a right password clears the count.
 *
 * <p>The counts are kept in memory (Caffeine) and forgotten when the wait has passed; at most 100,000 pairs of
 * address and user are remembered, so spraying names cannot exhaust memory.
 */
@Component
@EnableConfigurationProperties(LoginThrottleProperties.class)
public class LoginThrottle {

  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

  private record Attempt(String source, String userId) {}

  private record Failures(int count, Instant last) {}

  private final LoginThrottleProperties properties;
  private final Clock clock = Clock.systemUTC();
  private final Cache<Attempt, Failures> failures;

  public LoginThrottle(LoginThrottleProperties properties) {
    this.properties = properties;
    this.failures =
        Caffeine.newBuilder().expireAfterWrite(properties.delay()).maximumSize(100_000).build();
  }

  /** The address of the client of the HTTP request being served, if any: trusted code has none. */
  public static Optional<String> currentSource() {
    return ClientAddress.current();
  }

  /** How long {@code source} must still wait before a password for {@code userId} is checked; empty: no wait. */
  public Optional<Duration> waitFor(String source, String userId) {
    Failures known = failures.getIfPresent(attempt(source, userId));
    if (known == null || known.count() < properties.failuresBeforeDelay()) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), known.last().plus(properties.delay()));
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  public void failed(String source, String userId) {
    Instant now = clock.instant();
    Failures after =
        failures
            .asMap()
            .merge(
                attempt(source, userId),
                new Failures(1, now),
                (before, one) -> new Failures(before.count() + 1, now));
    if (after.count() == properties.failuresBeforeDelay()) {
      LOG.warn(
          "{} wrong passwords in a row for {} from {}: that address waits {} for this user",
          after.count(),
          userId,
          source,
          properties.delay());
    }
  }

  public void succeeded(String source, String userId) {
    failures.invalidate(attempt(source, userId));
  }

  /** The refusal, in words, naming the rule. */
  static String message(String userId, Duration wait) {
    return "Too many wrong passwords for "
        + userId
        + " from your address: try again in "
        + seconds(wait)
        + " seconds";
  }

  static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private static Attempt attempt(String source, String userId) {
    return new Attempt(source, userId == null ? "" : userId.strip().toLowerCase(Locale.ROOT));
  }
}
