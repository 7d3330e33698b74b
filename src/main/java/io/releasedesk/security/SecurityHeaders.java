package io.releasedesk.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every response (webapps, both APIs, the actuator, error pages), set before anything else runs
 * so that errors carry them too:
 * <ul>
 *   <li>{@code Referrer-Policy: same-origin}: addresses (with release names and task ids) never leave for other
 *       sites;
 *   <li>{@code X-Frame-Options: DENY}: no page of Release Desk is shown in a frame of another site (clickjacking);
 *       the webapps' own Content-Security-Policy says the same with {@code frame-ancestors 'none'};
 *   <li>{@code X-Content-Type-Options: nosniff}, as Camunda's webapp header filter sends on its own paths;
 *   <li>{@code Content-Security-Policy} on the release board's page ({@code /board/}), as strict as the webapps' own:
 *       only its own script and styles;
 *   <li>{@code Strict-Transport-Security} when Release Desk is served over HTTPS ({@code RELEASEDESK_SECURE_COOKIES}),
 *       so that browsers never fall back to plain HTTP. Camunda's own HSTS header stays off: one place sends it.
 * </ul>
 * Camunda's webapp filter and Spring Security set headers too, with the same values; whoever comes later replaces
 * (Camunda) or keeps (Spring Security) the value, so each header is sent once.
 */
class SecurityHeaders extends OncePerRequestFilter {

  static final String HSTS = "max-age=31536000";

  /** The release board's page loads its own script and styles and nothing else, and is never framed. */
  static final String BOARD_CSP =
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
          + "form-action 'self'; frame-ancestors 'none'";

  private final boolean https;

  SecurityHeaders(boolean https) {
    this.https = https;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Referrer-Policy", "same-origin");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (https) {
      response.setHeader("Strict-Transport-Security", HSTS);
    }
    if (request.getRequestURI().startsWith(request.getContextPath() + "/board/")) {
      response.setHeader("Content-Security-Policy", BOARD_CSP);
    }
    chain.doFilter(request, response);
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }
}
