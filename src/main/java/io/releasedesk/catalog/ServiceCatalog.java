package io.releasedesk.catalog;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * The services Release Desk releases, read once at start-up from the catalog file ({@code config/services.yaml} by
 * default). The file is bound and validated like Release Desk's own settings, so a mistake stops the start with the
 * property, its value and its line.
 */
@Component
public class ServiceCatalog {

  /** The file's shape: services by name. */
  record CatalogFile(
      @NotEmpty(message = "must list at least one service")
          Map<
                  @Pattern(
                      regexp = "^[a-z0-9][a-z0-9._-]{0,62}$",
                      message =
                          "service names are lower case letters, digits, '.', '_' or '-' (at most 63)")
                  String,
                  @Valid ServiceDefinition>
              services) {}

  private static final Validator VALIDATOR =
      Validation.buildDefaultValidatorFactory().getValidator();

  private final String location;
  private final Map<String, ServiceDefinition> services;

  @Autowired
  public ServiceCatalog(CatalogProperties properties, ResourceLoader resources) {
    this(properties.file(), resources.getResource(properties.file()));
  }

  /** The catalog in {@code file}, which the messages call {@code location}. */
  public ServiceCatalog(String location, Resource file) {
    this.location = location;
    this.services = read(location, file);
  }

  /** Every service, in the order of the file. */
  public List<ServiceDefinition> services() {
    return List.copyOf(services.values());
  }

  public Optional<ServiceDefinition> find(String name) {
    return Optional.ofNullable(services.get(name));
  }

  /** The service of a running release, which was in the catalog when the release was requested. */
  public ServiceDefinition ofRelease(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    notListed(name) + "; the release was requested while it was listed"));
  }

  /** Where the catalog was read from, as configured. */
  public String location() {
    return location;
  }

  /** Why a service cannot be released: it is not in the catalog, and where to add it. */
  public String notListed(String name) {
    return "Service '"
        + name
        + "' is not in the service catalog ("
        + String.join(", ", services.keySet())
        + "): add it to the catalog file "
        + location
        + " (setting releasedesk.catalog.file) and restart";
  }

  private static Map<String, ServiceDefinition> read(String location, Resource file) {
    if (!file.exists()) {
      throw new InvalidServiceCatalogException(location, List.of("the file does not exist"), null);
    }
    List<PropertySource<?>> sources;
    try {
      sources = new YamlPropertySourceLoader().load(location, file);
    } catch (IOException | RuntimeException e) {
      throw new InvalidServiceCatalogException(
          location, List.of("it is not readable YAML: " + e.getMessage()), e);
    }
    CatalogFile catalog;
    try {
      catalog =
          new Binder(ConfigurationPropertySources.from(sources))
              .bindOrCreate("", Bindable.of(CatalogFile.class));
    } catch (BindException e) {
      throw new InvalidServiceCatalogException(
          location,
          List.of(
              e.getName().toString()
                  + ": "
                  + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
                  + originOf(e.getName().toString(), sources)),
          e);
    }
    // validated as a whole, so that every wrong entry is named at once
    List<String> problems =
        VALIDATOR.validate(catalog).stream()
            .map(
                violation -> {
                  String property = propertyName(violation.getPropertyPath().toString());
                  return property + ": " + violation.getMessage() + originOf(property, sources);
                })
            .sorted()
            .toList();
    if (!problems.isEmpty()) {
      throw new InvalidServiceCatalogException(location, problems, null);
    }
    var byName = new LinkedHashMap<String, ServiceDefinition>();
    catalog.services().forEach((name, service) -> byName.put(name, service.named(name)));
    return byName;
  }

  /** A property path as the file spells it: {@code services[payments].tagPattern} → {@code services.payments.tag-pattern}. */
  private static String propertyName(String path) {
    String name =
        path.replaceAll("<[^>]*>", "")
            .replaceAll("\\[([^\\]]*)]", ".$1")
            .replaceAll("\\.(isRepositoryAUrlOrPath|repositoryAUrlOrPath)$", ".repository")
            .replaceAll("\\.$", "");
    return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static String originOf(String property, List<PropertySource<?>> sources) {
    for (PropertySource<?> source : sources) {
      if (source instanceof OriginLookup<?> lookup) {
        @SuppressWarnings("unchecked")
        Origin origin = ((OriginLookup<String>) lookup).getOrigin(property);
        if (origin != null) {
          return " (" + origin + ")";
        }
      }
    }
    return "";
  }
}
