package io.releasedesk.catalog;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the service catalog is read from.
 *
 * @param file a Spring resource location: by default the catalog the build put on the classpath (edited in
 *     {@code config/services.yaml}); {@code file:/etc/release-desk/services.yaml} to keep it outside the build
 *     (environment variable {@code RELEASEDESK_CATALOG_FILE})
 */
@Validated
@ConfigurationProperties("releasedesk.catalog")
public record CatalogProperties(
    @NotBlank @DefaultValue(CatalogProperties.DEFAULT_FILE) String file) {

  static final String DEFAULT_FILE = "classpath:config/services.yaml";
}
