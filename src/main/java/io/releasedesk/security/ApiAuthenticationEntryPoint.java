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
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (e instanceof LoginThrottledException throttled) {
      response.setHeader(
          HttpHeaders.RETRY_AFTER, String.valueOf(LoginThrottle.seconds(throttled.getWait())));
      Refusals.send(response, 429, "LoginThrottled", throttled.getMessage());
      return;
    }
    if ("XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
      // a page of Release Desk (the release board) asking with the webapps' session: no HTTP Basic
      // challenge, which
      // would make the browser pop up its own login dialog; the page links to the webapps' login
      // instead
      Refusals.send(
          response,
          HttpServletResponse.SC_UNAUTHORIZED,
          "Unauthorized",
          "Log in to Tasklist or Cockpit first, or send HTTP Basic credentials");
      return;
    }
    basic.commence(request, response, e);
  }
}
