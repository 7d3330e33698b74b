package io.releasedesk.webapps;

import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Release Desk's address leads to Tasklist, where people do their work (its login first, when they are not logged
 * in), rather than to Camunda's Welcome page. Camunda's own redirect of {@code /} is off
 * ({@code camunda.bpm.webapp.index-redirect-enabled}).
 */
@Configuration
class StartPage implements WebMvcConfigurer {

  private final String tasklist;

  StartPage(CamundaBpmProperties camunda) {
    this.tasklist = camunda.getWebapp().getApplicationPath() + "/app/tasklist/";
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/", tasklist);
  }
}
