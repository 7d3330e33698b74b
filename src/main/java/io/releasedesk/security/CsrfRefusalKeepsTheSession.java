package io.releasedesk.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the webapps' CSRF token before Camunda's own {@code CsrfPreventionFilter} does, with the same rule, and
 * refuses a failed check with 403 while the session lives on. Camunda's filter invalidates the session on a failed
 * check, so any page elsewhere could log a Tasklist user out with one cross-site POST. Only requests that Camunda's
 * filter would refuse are answered here; everything else passes on to it unchanged.
 */
class CsrfRefusalKeepsTheSession extends OncePerRequestFilter {

  /** Names Camunda's webapps use (CsrfConstants in camunda-webapp). */
  static final String TOKEN_HEADER = "X-XSRF-TOKEN";

  static final String TOKEN_IN_SESSION = "CAMUNDA_CSRF_TOKEN";

  private static final Set<String> NON_MODIFYING = Set.of("GET", "HEAD", "OPTIONS");

  private final Set<String> entryPoints;

  /** {@code entryPoints}: paths Camunda's filter is configured to leave alone. */
  CsrfRefusalKeepsTheSession(Set<String> entryPoints) {
    this.entryPoints = entryPoints;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (NON_MODIFYING.contains(request.getMethod())
        || entryPoints.contains(
            request.getRequestURI().substring(request.getContextPath().length()))) {
      chain.doFilter(request, response);
      return;
    }
    HttpSession session = request.getSession(false);
    Object expected = session == null ? null : session.getAttribute(TOKEN_IN_SESSION);
    String sent = request.getHeader(TOKEN_HEADER);
    if (expected == null
        || (sent != null
            && !sent.isBlank()
            && MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.UTF_8),
                expected.toString().getBytes(StandardCharsets.UTF_8)))) {
      chain.doFilter(request, response);
      return;
    }
    if (sent == null || sent.isBlank()) {
      response.setHeader(TOKEN_HEADER, "Required");
    }
    Refusals.send(
        response,
        HttpServletResponse.SC_FORBIDDEN,
        "CsrfCheckFailed",
        "CSRF check failed: a changing request must carry the session's token in the "
            + TOKEN_HEADER
            + " header; nothing was done and the session stays");
  }
}
