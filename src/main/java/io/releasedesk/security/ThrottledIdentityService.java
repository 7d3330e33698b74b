package io.releasedesk.security;

import io.releasedesk.identity.CheckedIdsIdentityService;
import java.util.Optional;

/**
 * The engine's identity service, checking a password only if its client address is not waiting after wrong
 * passwords ({@link LoginThrottle}): every door that checks passwords (the webapps' login, HTTP Basic on the APIs,
 * the engine REST API's {@code /identity/verify}) goes through here. Trusted application code, outside any HTTP
 * request, is not throttled. User and group ids are checked as {@link CheckedIdsIdentityService} does.
 */
class ThrottledIdentityService extends CheckedIdsIdentityService {

  private final LoginThrottle throttle;

  ThrottledIdentityService(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  public boolean checkPassword(String userId, String password) {
    Optional<String> source = LoginThrottle.currentSource();
    if (source.isEmpty()) {
      return super.checkPassword(userId, password);
    }
    if (throttle.waitFor(source.get(), userId).isPresent()) {
      return false;
    }
    boolean right = super.checkPassword(userId, password);
    if (right) {
      throttle.succeeded(source.get(), userId);
    } else {
      throttle.failed(source.get(), userId);
    }
    return right;
  }
}
