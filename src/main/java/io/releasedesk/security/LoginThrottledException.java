package io.releasedesk.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** HTTP Basic credentials not checked, because their client address must still wait after wrong passwords. */
class LoginThrottledException extends AuthenticationException {

  private final Duration wait;

  LoginThrottledException(String userId, Duration wait) {
    super(LoginThrottle.message(userId, wait));
    this.wait = wait;
  }

  Duration getWait() {
    return wait;
  }
}
