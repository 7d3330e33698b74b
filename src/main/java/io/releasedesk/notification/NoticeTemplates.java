package io.releasedesk.notification;

import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders a notice with the Thymeleaf templates in {@code templates/notification/}: {@code mail.html} (escaped HTML),
 * {@code mail.txt} and {@code chat.txt} (plain text).
 */
@Component
public class NoticeTemplates {

  private final TemplateEngine engine = new TemplateEngine();

  public NoticeTemplates() {
    engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 1));
    engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 2));
  }

  private static ClassLoaderTemplateResolver resolver(
      TemplateMode mode, String pattern, int order) {
    var resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/notification/");
    resolver.setTemplateMode(mode);
    resolver.setResolvablePatterns(Set.of(pattern));
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCheckExistence(true);
    resolver.setOrder(order);
    return resolver;
  }

  public String html(Notice notice) {
    return render("mail.html", notice);
  }

  public String text(Notice notice) {
    return render("mail.txt", notice);
  }

  public String chat(Notice notice) {
    return render("chat.txt", notice);
  }

  private String render(String template, Notice notice) {
    return engine.process(template, new Context(null, Map.of("notice", notice)));
  }
}
