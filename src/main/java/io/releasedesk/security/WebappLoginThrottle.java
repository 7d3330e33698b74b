package io.releasedesk.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The webapps' login ({@code POST /camunda/api/admin/auth/user/{engine}/login/{app}}, a form with {@code username}
 * and {@code password}): while the client's address must wait after wrong passwords for that user, answers 429 with
 * {@code Retry-After} and the rule in words, instead of Camunda's bare 401. The engine refuses the password anyway
 * ({@link ThrottledIdentityService}); this only says why.
 */
class WebappLoginThrottle extends OncePerRequestFilter {

  private static final Pattern LOGIN =
      Pattern.compile(".*/api/admin/auth/user/[^/]+/login/[^/]+/?");

  private final LoginThrottle throttle;

  WebappLoginThrottle(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!"POST".equals(request.getMethod()) || !LOGIN.matcher(request.getRequestURI()).matches()) {
      chain.doFilter(request, response);
      return;
    }
    var cached = new CachedBodyRequest(request);
    String userId = formField(cached.text(), "username");
    Optional<Duration> wait =
        userId == null ? Optional.empty() : throttle.waitFor(request.getRemoteAddr(), userId);
    if (wait.isPresent()) {
      response.setHeader(
          HttpHeaders.RETRY_AFTER, String.valueOf(LoginThrottle.seconds(wait.get())));
      Refusals.send(response, 429, "LoginThrottled", LoginThrottle.message(userId, wait.get()));
      return;
    }
    chain.doFilter(cached, response);
  }

  private static String formField(String form, String name) {
    try {
      for (String field : form.split("&")) {
        int equals = field.indexOf('=');
        if (equals > 0
            && URLDecoder.decode(field.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
          return URLDecoder.decode(field.substring(equals + 1), StandardCharsets.UTF_8);
        }
      }
    } catch (IllegalArgumentException e) {
      // not a form Camunda could read either; it answers itself
    }
    return null;
  }
}
