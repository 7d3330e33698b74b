package io.releasedesk.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;

/**
 * Answers a request to the APIs that is not authenticated: 401 asking for HTTP Basic credentials, or, while the
 * client's address must wait after wrong passwords, 429 with {@code Retry-After} and the rule in words.
 */
class ApiAuthenticationEntryPoint implements AuthenticationEntryPoint {

  private final BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();

  ApiAuthenticationEntryPoint() {
    basic.setRealmName("Release Desk");
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (e instanceof LoginThrottledException throttled) {
      response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(LoginThrottle.seconds(throttled.getWait())));
      Refusals.send(response, 429, "LoginThrottled", throttled.getMessage());
      return;
    }
    basic.commence(request, response, e);
  }
}
