package io.releasedesk.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a person logged in to Tasklist, Cockpit or Admin read Release Desk's API with that login: a {@code GET} to
 * {@code /api/**} without HTTP Basic credentials, sent with the webapps' session cookie, runs as the session's user
 * with the groups the webapps hold for them. This is what the release board (a page in the browser) calls.
 *
 * <p>Only reading: any other method still needs HTTP Basic, so a forged request from another site cannot change
 * anything through the session (no CSRF token needed, none accepted). Another site cannot read the answers either:
 * Release Desk allows no cross-origin requests. Credentials sent with the request always win over the session.
 */
class WebappSessionReadsTheApi extends OncePerRequestFilter {

  private final String engineName;

  WebappSessionReadsTheApi(String engineName) {
    this.engineName = engineName;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session = request.getSession(false);
    var current = SecurityContextHolder.getContext().getAuthentication();
    if (session != null && HttpMethod.GET.matches(request.getMethod())
        && (current == null || !current.isAuthenticated())) {
      Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
      if (authentications != null
          && authentications.getAuthenticationForProcessEngine(engineName) instanceof UserAuthentication user) {
        var groups = user.getGroupIds() == null ? java.util.List.<SimpleGrantedAuthority>of()
            : user.getGroupIds().stream()
                .map(group -> new SimpleGrantedAuthority(CamundaIdentityAuthenticationProvider.GROUP_PREFIX + group))
                .toList();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.getName(), null, groups));
        SecurityContextHolder.setContext(context);
      }
    }
    chain.doFilter(request, response);
  }
}
