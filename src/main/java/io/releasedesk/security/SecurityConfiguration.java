package io.releasedesk.security;

import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what over HTTP.
 *
 * <ul>
 *   <li>The engine REST API and Release Desk's own API take HTTP Basic credentials of Camunda users, nothing else:
 *       no session, no cookie, hence no CSRF token either. One read is the exception: a release's timeline also
 *       answers a GET with the session of Tasklist or Cockpit, for their Release tab ({@link
 *       WebappSessionReadsTimelines}); it changes nothing, so it needs no CSRF token.
 *   <li>The release calendar's feed for calendar clients, which cannot send HTTP Basic, is reached without it: the
 *       personal token in its path authenticates, and a wrong or revoked one is answered 401.
 *   <li>Cockpit, Tasklist and Admin keep their own login, session and CSRF protection (Camunda's webapp filters);
 *       the actuator's health endpoint, the only one exposed, stays public for load balancers. Admin's first-run
 *       setup is refused.
 * </ul>
 */
@Configuration
public class SecurityConfiguration {

  /**
   * Matched by path, not through Spring MVC: the engine REST API is a Jersey servlet of its own, which an MVC
   * matcher would not recognise.
   */
  static final RequestMatcher API_PATHS = new OrRequestMatcher(
      PathPatternRequestMatcher.withDefaults().matcher("/engine-rest/**"),
      PathPatternRequestMatcher.withDefaults().matcher("/api/**"));

  /** The calendar feed: its token, checked by the feed itself, stands in for the credentials. Read only. */
  static final RequestMatcher CALENDAR_FEED = PathPatternRequestMatcher.withDefaults()
      .matcher(org.springframework.http.HttpMethod.GET, "/api/calendar/feed/*");

  @Bean
  @Order(0)
  SecurityFilterChain calendarFeedSecurity(HttpSecurity http) throws Exception {
    return http
        .securityMatcher(CALENDAR_FEED)
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .build();
  }

  @Bean
  @Order(1)
  SecurityFilterChain apiSecurity(HttpSecurity http, IdentityService identityService, CamundaBpmProperties camunda)
      throws Exception {
    return http
        .securityMatcher(API_PATHS)
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        // CamundaIdentityAuthenticationProvider, as Spring Boot's only authentication provider: registered here as
        // well, it would be asked twice after a wrong password (here, then as the parent) and count it twice
        .httpBasic(basic -> basic.authenticationEntryPoint(new ApiAuthenticationEntryPoint()))
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        // Tasklist's Release tab reads a timeline with the webapps' session: that one GET only
        .addFilterAfter(new WebappSessionReadsTimelines(camunda.getProcessEngineName()), BasicAuthenticationFilter.class)
        .addFilterAfter(new EngineAuthenticationFilter(identityService), AuthorizationFilter.class)
        .build();
  }

  /**
   * Camunda Admin's first-run setup creates an administrator for whoever calls it while no user is a direct member
   * of camunda-admin, without authentication (CVE-2026-77226). Release Desk creates its first administrator from the
   * environment, so the setup is never needed: refused.
   */
  static final String SETUP_REFUSED = "Camunda Admin's first-run setup is off: Release Desk creates its first "
      + "administrator from RELEASEDESK_ADMIN_USER and RELEASEDESK_ADMIN_PASSWORD";

  @Bean
  @Order(2)
  SecurityFilterChain webappSecurity(HttpSecurity http, CamundaBpmProperties camunda) throws Exception {
    String setup = camunda.getWebapp().getApplicationPath() + "/api/admin/setup/**";
    return http
        .authorizeHttpRequests(requests -> requests
            .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(setup)).denyAll()
            .anyRequest().permitAll())
        .exceptionHandling(exceptions -> exceptions
            .authenticationEntryPoint((request, response, e) ->
                Refusals.send(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", SETUP_REFUSED))
            .accessDeniedHandler((request, response, e) ->
                Refusals.send(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", SETUP_REFUSED)))
        // the Camunda webapps authenticate and protect against CSRF themselves; headers: SecurityHeaders and Camunda
        .csrf(csrf -> csrf.disable())
        .headers(headers -> headers.disable())
        .build();
  }
}
