package io.releasedesk.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets the people logged in to Tasklist, Cockpit or Admin read the release board and a release's timeline with that
 * session, so that the board's page, Tasklist's Release tab and Cockpit's release dashboard need no second login: a
 * GET of {@code /api/releases}, {@code /api/services} (the board's service filter), {@code /api/releases/{key}/timeline},
 * {@code /api/releases/{key}/notes}, {@code /api/releases/{key}/evidence}, {@code /api/metrics} (with {@code /steps}), {@code /api/action-items} or
 * {@code /api/freezes} without credentials is authenticated as the user of the webapps' session,
 * with the groups the webapps hold for them. Only these reads: every other call of {@code /api}, and every call that
 * changes something, still needs HTTP Basic credentials, so no request that rides on a session cookie can change
 * anything (no CSRF exposure), and a cross-site page cannot read the answer (no CORS). Nothing is written to the
 * session.
 */
class WebappSessionReadsReleases extends OncePerRequestFilter {

  static final RequestMatcher READS =
      new OrRequestMatcher(
          PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/releases"),
          PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/services"),
          PathPatternRequestMatcher.withDefaults()
              .matcher(HttpMethod.GET, "/api/releases/{releaseKey}/timeline"),
          // Cockpit's release dashboard: metrics, where time goes, open action items, and the
          // freeze windows
          PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/metrics"),
          PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/metrics/steps"),
          PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/action-items"),
          PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/freezes"),
          // the retrospective's form links the release's notes
          PathPatternRequestMatcher.withDefaults()
              .matcher(HttpMethod.GET, "/api/releases/{releaseKey}/notes"),
          // the board and Cockpit's finished instances link an ended release's evidence pack
          PathPatternRequestMatcher.withDefaults()
              .matcher(HttpMethod.GET, "/api/releases/{releaseKey}/evidence"));

  /** Where the webapps keep who is logged in (AuthenticationUtil's session key, which it does not make public). */
  static final String WEBAPP_AUTHENTICATIONS = "authenticatedUser";

  private final String engineName;

  WebappSessionReadsReleases(String engineName) {
    this.engineName = engineName;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !READS.matches(request) || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session = request.getSession(false);
    // read only: AuthenticationUtil.getAuthsFromSession would add an empty login to a session that
    // has none
    Object logins = session == null ? null : session.getAttribute(WEBAPP_AUTHENTICATIONS);
    if (logins instanceof Authentications webappLogins
        && SecurityContextHolder.getContext().getAuthentication() == null
        && webappLogins.getAuthenticationForProcessEngine(engineName)
            instanceof UserAuthentication user) {
      var groups =
          user.getGroupIds() == null
              ? java.util.List.<SimpleGrantedAuthority>of()
              : user.getGroupIds().stream()
                  .map(
                      group ->
                          new SimpleGrantedAuthority(
                              CamundaIdentityAuthenticationProvider.GROUP_PREFIX + group))
                  .toList();
      var context = SecurityContextHolder.createEmptyContext();
      context.setAuthentication(
          UsernamePasswordAuthenticationToken.authenticated(user.getIdentityId(), null, groups));
      SecurityContextHolder.setContext(context);
    }
    chain.doFilter(request, response);
  }
}
