package io.releasedesk.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that starts the application (a {@code @SpringBootTest}, or one that runs {@code ReleaseDeskApplication}
 * itself): its REST API, its database (H2 or PostgreSQL), a restart, the webapps in a browser. Such tests take
 * 30-120 s each, so Maven runs them in the integration-test phase (Failsafe, {@code ./mvnw verify}), after the unit
 * and process tests (Surefire, {@code ./mvnw test}). The build selects them by the tag {@value #TAG};
 * {@code io.releasedesk.ArchitectureTest} checks that every class that starts the application carries it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(ApplicationTest.TAG)
public @interface ApplicationTest {

  /** The JUnit tag; pom.xml names it for Surefire (excluded) and Failsafe (included). */
  String TAG = "application";
}
