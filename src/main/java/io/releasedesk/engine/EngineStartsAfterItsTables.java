package io.releasedesk.engine;

import java.util.Set;
import org.camunda.bpm.engine.spring.ProcessEngineFactoryBean;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * The engine is built only once Liquibase has installed or upgraded its tables: it runs with {@code
 * camunda.bpm.database.schema-update: false} and refuses to start on missing tables. Spring Boot orders beans that
 * depend on database initialization after Liquibase; the Camunda starter does not declare its engine as one, so
 * Release Desk does (registered in META-INF/spring.factories).
 */
class EngineStartsAfterItsTables
    extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

  @Override
  protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
    return Set.of(ProcessEngineFactoryBean.class);
  }
}
