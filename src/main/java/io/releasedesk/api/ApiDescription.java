package io.releasedesk.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 description of Release Desk's own API under {@code /api}, which springdoc generates from the
 * controllers at each start, so it never drifts from the code: served at {@code /api/openapi.json}, with Swagger UI at
 * {@code /api/docs.html} (springdoc settings in application.yaml). Both take the API's HTTP Basic credentials.
 */
@Configuration
class ApiDescription {

  static final String BASIC = "basic";

  @Bean
  OpenAPI releaseDeskApi() {
    // the jar's version (spring-boot-starter-parent writes it into the manifest); none when run
    // from the classes
    String version = ApiDescription.class.getPackage().getImplementationVersion();
    return new OpenAPI()
        .info(
            new Info()
                .title("Release Desk API")
                .version(version == null ? "development" : version)
                .description(
                    """
                Releases for scripts and CI/CD systems: request one, follow it, approve or reject it, cancel it, \
                fetch its notes; and the service catalog. Every call takes HTTP Basic credentials of a Release Desk \
                user and is checked against that user's permissions, as in Tasklist. A refusal answers 4xx with an \
                RFC 9457 problem detail that names the rule. The engine REST API under /engine-rest is described in \
                Camunda's own reference."""))
        .components(
            new Components()
                .addSecuritySchemes(
                    BASIC,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("basic")
                        .description("A Release Desk user id and password")))
        .addSecurityItem(new SecurityRequirement().addList(BASIC));
  }
}
