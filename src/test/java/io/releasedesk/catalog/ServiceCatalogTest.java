package io.releasedesk.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.releasedesk.support.DemoCatalog;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;

/** The service catalog: what a valid file gives, and the messages a wrong one stops the start with. */
class ServiceCatalogTest {

  static ServiceCatalog catalog(String yaml) {
    return new ServiceCatalog(
        "test-services.yaml",
        new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)) {
          @Override
          public String getDescription() {
            return "test-services.yaml";
          }
        });
  }

  static InvalidServiceCatalogException refused(String yaml) {
    var refused = catchThrowableOfType(InvalidServiceCatalogException.class, () -> catalog(yaml));
    assertThat(refused).as("the catalog should be refused").isNotNull();
    return refused;
  }

  static String service(String repository) {
    return "services:\n  payments:\n    repository: \"" + repository + "\"\n    owners: [rita]\n";
  }

  @Test
  void theDefaultCatalogListsTheDemoServicesInItsOrder() {
    var catalog = DemoCatalog.load();

    assertThat(catalog.services())
        .extracting(ServiceDefinition::name)
        .containsExactly("payments", "checkout", "search", "inventory");
    ServiceDefinition search = catalog.find("search").orElseThrow();
    assertThat(search.path()).isEqualTo("services/search");
    assertThat(search.tagOf("1.4.0")).isEqualTo("search-v1.4.0");
    assertThat(search.issueLinkOf("12")).isEqualTo("https://github.com/example/shop/issues/12");
  }

  @Test
  void leftOutSettingsTakeTheirDefaults() {
    ServiceDefinition payments =
        catalog(service("https://git.example.com/shop/payments.git"))
            .find("payments")
            .orElseThrow();

    assertThat(payments.tagPattern()).isEqualTo("v{version}");
    assertThat(payments.path()).isNull();
    assertThat(payments.issueLink()).isNull();
    assertThat(payments.branch()).as("null: the repository's default branch").isNull();
    assertThat(payments.owners()).containsExactly("rita");
    assertThat(payments.tagCandidates()).as("candidates are not tagged").isFalse();
    assertThat(payments.pushTags()).as("releases are tagged").isTrue();
  }

  @Test
  void taggingIsSetPerService() {
    ServiceDefinition payments =
        catalog(
                service("https://git.example.com/shop/payments.git")
                    + "    tag-candidates: true\n    push-tags: false\n")
            .find("payments")
            .orElseThrow();

    assertThat(payments.tagCandidates()).isTrue();
    assertThat(payments.pushTags()).isFalse();
    assertThat(
            refused(
                    service("https://git.example.com/shop/payments.git")
                        + "    push-tags: sometimes\n")
                .getMessage())
        .contains("services.payments.push-tags");
  }

  @Test
  void aServiceNotInTheCatalogIsNamedWithWhereToAddIt() {
    assertThat(catalog(service("/srv/git/payments.git")).notListed("billing"))
        .isEqualTo(
            "Service 'billing' is not "
                + "in the service catalog (payments): add it to the catalog file test-services.yaml (setting "
                + "releasedesk.catalog.file) and restart");
  }

  @Test
  void everyWrongEntryIsNamedWithItsLine() {
    var refused =
        refused(
            """
        services:
          payments:
            repository: https://git.example.com/shop/payments.git
            tag-pattern: release-{number}
            issue-link: https://jira.example.com/browse/
            owners: []
          Search:
            owners: [paula]
        """);

    assertThat(refused.problems())
        .containsExactly(
            "services.payments.issue-link: must be an http(s) link holding {id}, e.g. https://jira.example.com/browse/{id}"
                + " (test-services.yaml - 5:17)",
            "services.payments.owners: must name at least one person or group who answers for the service"
                + " (test-services.yaml - 6:13)",
            "services.payments.tag-pattern: must hold {version} once and may hold {service}, e.g. v{version} or "
                + "{service}-v{version} (test-services.yaml - 4:18)",
            "services.search.repository: is required: the service's git repository (URL or local path)",
            "services.search: service names are lower case letters, digits, '.', '_' or '-' (at most 63)");
  }

  @Test
  void anEmptyCatalogIsRefused() {
    assertThat(refused("services: {}\n").problems())
        .singleElement()
        .asString()
        .contains("services")
        .contains("must list at least one service");
  }

  @Test
  void aMissingFileIsNamed() {
    var refused =
        catchThrowableOfType(
            InvalidServiceCatalogException.class,
            () ->
                new ServiceCatalog(
                    "file:/nowhere/services.yaml",
                    new FileSystemResource("/nowhere/services.yaml")));

    assertThat(refused)
        .hasMessage(
            "The service catalog file:/nowhere/services.yaml is not valid: "
                + "the file does not exist");
  }

  @Test
  void theStartFailsWithTheProblemsAndWhatToCorrect() {
    FailureAnalysis analysis =
        new InvalidServiceCatalogFailureAnalyzer().analyze(refused(service("")));

    assertThat(analysis.getDescription())
        .startsWith("The service catalog test-services.yaml is not valid:\n  - ")
        .contains("repository: is required");
    assertThat(analysis.getAction()).contains("config/services.yaml", "RELEASEDESK_CATALOG_FILE");
  }

  @Nested
  class Repository {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://git.example.com/shop/payments.git",
          "http://git.internal/shop/payments",
          "ssh://git@git.example.com:2222/shop/payments.git",
          "git://git.example.com/shop/payments.git",
          "file:///srv/git/payments.git",
          "git@github.com:shop/payments.git",
          "deploy.bot@git.example.com:shop/payments",
          "/srv/git/payments.git",
          "data/demo-repositories/payments"
        })
    void gitUrlsAndLocalPathsAreAccepted(String repository) {
      assertThat(catalog(service(repository)).find("payments").orElseThrow().repository())
          .isEqualTo(repository);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "ftp://git.example.com/shop/payments.git",
          "https://",
          "https://git.example.com/shop/my payments.git",
          "git@github.com",
          "git@github.com:"
        })
    void otherTextIsRefusedNamingTheAcceptedForms(String repository) {
      assertThat(refused(service(repository)).problems())
          .singleElement()
          .asString()
          .contains(
              "repository must be a git URL (https://…, ssh://…, git://…, file://…, git@host:path) "
                  + "or a local path");
    }

    @Test
    void localPathsAndFileUrlsAreLocal() {
      assertThat(catalog(service("/srv/git/payments.git")).find("payments").orElseThrow().isLocal())
          .isTrue();
      assertThat(catalog(service("file:///srv/git/p.git")).find("payments").orElseThrow().isLocal())
          .isTrue();
      assertThat(
              catalog(service("git@github.com:shop/p.git"))
                  .find("payments")
                  .orElseThrow()
                  .isLocal())
          .isFalse();
    }
  }
}
