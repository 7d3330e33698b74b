package io.releasedesk.security;

import io.releasedesk.release.ReleaseProcess.Groups;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
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
 *       no session, no cookie, hence no CSRF token either. A few reads are the exception: the release board
 *       ({@code GET /api/releases}, {@code /api/services}), a release's timeline and evidence pack, the metrics and
 *       the freeze windows also answer a GET with the session of Tasklist, Cockpit or Admin, for the board's page,
 *       Tasklist's Release tab and Cockpit's plugins ({@link WebappSessionReadsReleases}); they change nothing, so
 *       they need no CSRF token.
 *   <li>A CI account (group {@code ci}) posts test results and is refused everything else with 403.
 *   <li>The release calendar's feed for calendar clients, which cannot send HTTP Basic, is reached without it: the
 *       personal token in its path authenticates, and a wrong or revoked one is answered 401.
 *   <li>Prometheus scrapes {@code /actuator/prometheus} with HTTP Basic credentials, like the APIs.
 *   <li>Cockpit, Tasklist and Admin keep their own login, session and CSRF protection (Camunda's webapp filters);
 *       the actuator's health endpoint stays public for load balancers. Admin's first-run setup is refused.
 * </ul>
 */
@Configuration
public class SecurityConfiguration {

  /**
   * Matched by path, not through Spring MVC: the engine REST API is a Jersey servlet of its own, which an MVC
   * matcher would not recognise.
   */
  static final RequestMatcher API_PATHS =
      new OrRequestMatcher(
          PathPatternRequestMatcher.withDefaults().matcher("/engine-rest/**"),
          PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
          PathPatternRequestMatcher.withDefaults().matcher("/actuator/prometheus"));

  /** The calendar feed: its token, checked by the feed itself, stands in for the credentials. Read only. */
  static final RequestMatcher CALENDAR_FEED =
      PathPatternRequestMatcher.withDefaults()
          .matcher(org.springframework.http.HttpMethod.GET, "/api/calendar/feed/*");

  /** Where CI posts test results: the only request a CI account may make. */
  static final RequestMatcher TEST_RESULTS =
      PathPatternRequestMatcher.withDefaults()
          .matcher(
              org.springframework.http.HttpMethod.POST,
              "/api/releases/*/candidates/*/test-results");

  static final String CI_ONLY_POSTS_RESULTS =
      "A CI account posts test results "
          + "(POST /api/releases/{key}/candidates/{candidate}/test-results) and does nothing else";
  static final String RESULTS_FROM_CI =
      "Test results are posted by CI accounts (group ci) and administrators";

  @Bean
  @Order(0)
  SecurityFilterChain calendarFeedSecurity(HttpSecurity http) throws Exception {
    return http.securityMatcher(CALENDAR_FEED)
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .build();
  }

  @Bean
  @Order(1)
  SecurityFilterChain apiSecurity(
      HttpSecurity http, IdentityService identityService, CamundaBpmProperties camunda)
      throws Exception {
    return http.securityMatcher(API_PATHS)
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(TEST_RESULTS)
                    .access(
                        (authentication, context) ->
                            new AuthorizationDecision(
                                inGroup(authentication.get(), Groups.CI)
                                    || inGroup(authentication.get(), Groups.CAMUNDA_ADMIN)))
                    .anyRequest()
                    .access(
                        (authentication, context) ->
                            new AuthorizationDecision(
                                authentication.get().isAuthenticated()
                                    && !(authentication.get()
                                        instanceof AnonymousAuthenticationToken)
                                    && !inGroup(authentication.get(), Groups.CI))))
        .exceptionHandling(
            exceptions ->
                exceptions.accessDeniedHandler(
                    (request, response, e) ->
                        Refusals.send(
                            response,
                            HttpServletResponse.SC_FORBIDDEN,
                            "Forbidden",
                            TEST_RESULTS.matches(request)
                                ? RESULTS_FROM_CI
                                : CI_ONLY_POSTS_RESULTS)))
        // CamundaIdentityAuthenticationProvider, as Spring Boot's only authentication provider:
        // registered here as
        // well, it would be asked twice after a wrong password (here, then as the parent) and count
        // it twice
        .httpBasic(basic -> basic.authenticationEntryPoint(new ApiAuthenticationEntryPoint()))
        // nobody logs in here, so there is no session to protect from fixation: the webapps'
        // session, which reads
        // the API, keeps its id (Spring would change it at each request, and two requests at once
        // would lose it)
        .sessionManagement(
            session ->
                session
                    .sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                    .sessionFixation(fixation -> fixation.none()))
        .csrf(csrf -> csrf.disable())
        // the board's page and Tasklist's Release tab read with the webapps' session: those GETs
        // only
        .addFilterAfter(
            new WebappSessionReadsReleases(camunda.getProcessEngineName()),
            BasicAuthenticationFilter.class)
        .addFilterAfter(new EngineAuthenticationFilter(identityService), AuthorizationFilter.class)
        .build();
  }

  private static boolean inGroup(Authentication authentication, String group) {
    return authentication != null
        && authentication.getAuthorities().stream()
            .anyMatch(
                authority ->
                    authority
                        .getAuthority()
                        .equals(CamundaIdentityAuthenticationProvider.GROUP_PREFIX + group));
  }

  /**
   * Camunda Admin's first-run setup creates an administrator for whoever calls it while no user is a direct member
   * of camunda-admin, without authentication (CVE-2026-77226). Release Desk creates its first administrator from the
   * environment, so the setup is never needed: refused.
   */
  static final String SETUP_REFUSED =
      "Camunda Admin's first-run setup is off: Release Desk creates its first "
          + "administrator from RELEASEDESK_ADMIN_USER and RELEASEDESK_ADMIN_PASSWORD";

  @Bean
  @Order(2)
  SecurityFilterChain webappSecurity(HttpSecurity http, CamundaBpmProperties camunda)
      throws Exception {
    String setup = camunda.getWebapp().getApplicationPath() + "/api/admin/setup/**";
    return http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(setup))
                    .denyAll()
                    .anyRequest()
                    .permitAll())
        .exceptionHandling(
            exceptions ->
                exceptions
                    .authenticationEntryPoint(
                        (request, response, e) ->
                            Refusals.send(
                                response,
                                HttpServletResponse.SC_FORBIDDEN,
                                "Forbidden",
                                SETUP_REFUSED))
                    .accessDeniedHandler(
                        (request, response, e) ->
                            Refusals.send(
                                response,
                                HttpServletResponse.SC_FORBIDDEN,
                                "Forbidden",
                                SETUP_REFUSED)))
        // the Camunda webapps authenticate and protect against CSRF themselves; headers:
        // SecurityHeaders and Camunda
        .csrf(csrf -> csrf.disable())
        .headers(headers -> headers.disable())
        .build();
  }
}
