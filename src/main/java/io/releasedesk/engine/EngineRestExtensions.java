package io.releasedesk.engine;

import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;

/**
 * Adds {@link EngineRestErrors} and {@link EngineRestInput} to every JAX-RS application of the process: the engine
 * REST API under {@code /engine-rest} and the webapps' own APIs (Tasklist calls the engine through
 * {@code /camunda/api/engine}), which Camunda builds itself. Jersey finds this class through
 * {@code META-INF/services/org.glassfish.jersey.internal.spi.AutoDiscoverable}.
 */
public class EngineRestExtensions implements AutoDiscoverable {

  @Override
  public void configure(FeatureContext context) {
    if (!context.getConfiguration().isRegistered(EngineRestErrors.Rest.class)) {
      context.register(EngineRestErrors.Rest.class);
      context.register(EngineRestErrors.Engine.class);
      context.register(EngineRestInput.class);
    }
  }
}
