package io.releasedesk.board;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The release board's page at {@code /board/}: static files (META-INF/resources/board/) that read the board through
 * {@code GET /api/releases} with the webapps' session. Tasklist's header and Cockpit's navigation link to it.
 */
@Configuration
class BoardPage implements WebMvcConfigurer {

  static final String PATH = "/board/";

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/board", PATH);
    registry.addViewController(PATH).setViewName("forward:" + PATH + "index.html");
  }
}
