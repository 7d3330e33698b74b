package io.releasedesk.browser;

import io.releasedesk.support.ApplicationTest;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the webapps in headless Chromium: an {@link ApplicationTest} that is skipped, before the application
 * starts, on a machine without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}, which
 * fails it instead. Also tagged {@code browser}: {@code ./mvnw verify -Dgroups=browser} runs only these.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ApplicationTest
@Tag("browser")
@ExtendWith(BrowserInstalled.class)
public @interface BrowserTest {}
