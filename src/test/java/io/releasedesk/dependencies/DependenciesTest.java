package io.releasedesk.dependencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.support.DemoCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a plan may declare as dependencies, and how a version in production is held against them. */
class DependenciesTest {

  static final ServiceCatalog CATALOG = DemoCatalog.load(); // payments, checkout, search, inventory

  static List<String> problems(Object value) {
    return catchThrowableOfType(
            InvalidDependenciesException.class,
            () -> Dependencies.check(value, "payments", CATALOG))
        .problems();
  }

  @Test
  void entriesAreCatalogServicesWithRangesSeparatedByCommasOrLines() {
    List<Dependency> dependencies =
        Dependencies.check(
            " checkout >=  3.1.0 ,search^1.2.0\ninventory 1.x,\n", "payments", CATALOG);

    assertThat(dependencies)
        .containsExactly(
            new Dependency("checkout", ">= 3.1.0"),
            new Dependency("search", "^1.2.0"),
            new Dependency("inventory", "1.x"));
    assertThat(Dependencies.text(dependencies))
        .isEqualTo("checkout >= 3.1.0, search ^1.2.0, inventory 1.x");
    assertThat(Dependencies.read(Dependencies.text(dependencies))).isEqualTo(dependencies);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", " , \n"})
  void nothingDeclaredIsNoDependency(String text) {
    assertThat(Dependencies.check(text, "payments", CATALOG)).isEmpty();
    assertThat(Dependencies.check(null, "payments", CATALOG)).isEmpty();
    assertThat(Dependencies.read(text)).isEmpty();
  }

  @Test
  void aServiceOutsideTheCatalogIsRefusedNamingTheEntryAndWhereToAddIt() {
    assertThat(problems("ledger >= 1.7.0"))
        .singleElement()
        .asString()
        .startsWith("Dependency 'ledger >= 1.7.0': Service 'ledger' is not in the service catalog")
        .contains("add it to the catalog file config/services.yaml");
  }

  @Test
  void aServiceIsNotItsOwnDependency() {
    assertThat(problems("payments >= 2.0.0"))
        .containsExactly("Dependency 'payments >= 2.0.0': a service is not its own dependency");
  }

  @ParameterizedTest
  @ValueSource(strings = {">= banana", ">=1.2.3.4", ">=1.7.0;<2", "<>1.0", "next week"})
  void aRangeSemverDoesNotReadIsRefusedWithTheRule(String range) {
    assertThat(problems("checkout " + range))
        .singleElement()
        .asString()
        .startsWith(
            "Dependency 'checkout " + range + "': '" + range + "' is not a version range such as");
  }

  @Test
  void everyEntryAtFaultIsNamedAtOnce() {
    assertThat(problems("checkout, Search >= 1.0.0, checkout ^3.0.0, inventory ~1.2"))
        .containsExactly(
            "Dependency 'checkout' needs a version range after the service such as 'ledger >= 1.7.0'",
            "Dependency 'Search >= 1.0.0' must start with a service of the catalog, then a version range such as "
                + "'ledger >= 1.7.0'",
            "Dependency 'checkout ^3.0.0': checkout is named twice; give one range, such as '>=1.7.0 <2.0.0'");
  }

  @Test
  void otherThanTextOrTooLongIsRefused() {
    assertThat(problems(42)).containsExactly("Dependencies must be text such as 'ledger >= 1.7.0'");
    assertThat(problems("checkout >=1.0.0, ".repeat(100)))
        .containsExactly("Dependencies is longer than 1000 characters");
  }

  @ParameterizedTest
  @CsvSource({
    ">= 1.7.0,       1.7.0,       true",
    ">= 1.7.0,       1.10.0,      true",
    ">= 1.7.0,       1.6.9,       false",
    ">= 1.7.0,       1.7.0-rc.1,  false",
    "^1.7.0,         1.9.2,       true",
    "^1.7.0,         2.0.0,       false",
    "~1.7.0,         1.7.5,       true",
    "~1.7.0,         1.8.0,       false",
    "1.x,            1.0.0,       true",
    ">=1.7.0 <2.0.0, 2.0.0,       false",
    ">=2.0.0-rc.1,   2.0.0-rc.2,  true",
    "1.7.0,          1.7.0+build, true"
  })
  void aVersionSatisfiesARangeBySemanticVersioningPrecedence(
      String range, String version, boolean satisfied) {
    assertThat(new Dependency("checkout", range).satisfiedBy(version)).isEqualTo(satisfied);
  }
}
