package io.releasedesk.webapps;

import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Servlet filters that concern only Camunda's webapps (their own engine API), not the engine REST API for clients. */
@Configuration
class WebappFilters {

  @Bean
  FilterRegistrationBean<ProcessVersionsInOnePage> processVersionsInOnePage(
      CamundaBpmProperties camunda, ProcessEngineConfigurationImpl engine) {
    var registration =
        new FilterRegistrationBean<>(new ProcessVersionsInOnePage(engine::getQueryMaxResultsLimit));
    registration.addUrlPatterns(camunda.getWebapp().getApplicationPath() + "/api/engine/*");
    // after Spring Security, like Release Desk's other filters on the APIs
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
    return registration;
  }
}
