package io.releasedesk.security;

import jakarta.servlet.DispatcherType;
import java.util.HashSet;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Release Desk's servlet filters and the paths they guard. Each runs before Camunda's webapp filters (which are
 * mapped after every filter registered here); those on the APIs run after Spring Security, so that an anonymous
 * request is asked for credentials first.
 */
@Configuration
class HttpFilters {

  private static final int AFTER_SPRING_SECURITY = SecurityProperties.DEFAULT_FILTER_ORDER + 10;

  @Bean
  FilterRegistrationBean<SecurityHeaders> securityHeaders(
      @Value("${server.servlet.session.cookie.secure:false}") boolean https) {
    var registration = new FilterRegistrationBean<>(new SecurityHeaders(https));
    registration.addUrlPatterns("/*");
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  FilterRegistrationBean<ClientAddress> clientAddress() {
    var registration = new FilterRegistrationBean<>(new ClientAddress());
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  @Bean
  FilterRegistrationBean<NoExpressionsInQueries> noExpressionsInQueries(
      CamundaBpmProperties camunda) {
    var registration = new FilterRegistrationBean<>(new NoExpressionsInQueries());
    registration.addUrlPatterns("/engine-rest/*", webapps(camunda) + "/api/engine/*");
    registration.setOrder(AFTER_SPRING_SECURITY);
    return registration;
  }

  @Bean
  FilterRegistrationBean<CsrfRefusalKeepsTheSession> csrfRefusalKeepsTheSession(
      CamundaBpmProperties camunda) {
    var entryPoints = new HashSet<String>();
    if (camunda.getWebapp().getCsrf().getEntryPoints() != null) {
      entryPoints.addAll(camunda.getWebapp().getCsrf().getEntryPoints());
    }
    var registration = new FilterRegistrationBean<>(new CsrfRefusalKeepsTheSession(entryPoints));
    registration.addUrlPatterns(webapps(camunda) + "/api/*", webapps(camunda) + "/app/*");
    registration.setOrder(AFTER_SPRING_SECURITY);
    return registration;
  }

  @Bean
  FilterRegistrationBean<WebappLoginThrottle> webappLoginThrottle(
      CamundaBpmProperties camunda, LoginThrottle throttle) {
    var registration = new FilterRegistrationBean<>(new WebappLoginThrottle(throttle));
    registration.addUrlPatterns(webapps(camunda) + "/api/admin/auth/user/*");
    registration.setOrder(AFTER_SPRING_SECURITY);
    return registration;
  }

  private static String webapps(CamundaBpmProperties camunda) {
    return camunda.getWebapp().getApplicationPath();
  }
}
