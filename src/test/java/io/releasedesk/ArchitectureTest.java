package io.releasedesk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.releasedesk.browser.BrowserTest;
import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.ReleaseDeskNodes;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

/**
 * The rules Release Desk's package layout implies, checked on every build. Packages by capability depend one way:
 * on the lifecycle ({@code release}: the model's constants, starting and cancelling releases) and on the shared
 * {@code engine} and {@code catalog}; on another capability only through what it publishes (listed below); and no
 * package depends on one that depends back on it. Each exception is listed here, with why it is there and how it
 * goes away; a new dependency across packages needs an entry here, which a reviewer reads.
 */
class ArchitectureTest {

  static final String BASE = "io.releasedesk";

  /**
   * Packages that every capability may use: the lifecycle's model and API, the engine's rules, the service catalog.
   * {@code identity} and {@code security} are configuration: they wire the others, and nobody depends on them.
   */
  static final Set<String> SHARED = Set.of("release", "engine", "catalog");

  static final Set<String> CONFIGURATION = Set.of("identity", "security");

  /**
   * What a capability publishes to others: the classes another capability may use. Everything else in a capability
   * package is its own, even when it is public (Spring beans and the engine's delegates need public types).
   */
  static final Map<String, Set<String>> PUBLISHED =
      Map.of(
          // the deployment model's key, element ids and variables: the release model calls it
          "deployment", Set.of("DeploymentProcess"),
          // which versions run in production, and how a release names the versions it needs there
          "dependencies",
              Set.of(
                  "ProductionVersions",
                  "Dependencies",
                  "Dependency",
                  "InvalidDependenciesException"),
          // a service's versions from its repository: the next version, candidates, and the commits
          // a release ships
          "versioning",
              Set.of(
                  "NextVersion",
                  "Candidates",
                  "ShippedChanges",
                  "ShippedCommits",
                  "ConventionalCommit"),
          // the milestones a model announces: the model rules check each announcing step names one
          "notification", Set.of("Milestone"),
          // due dates as a release starts, and the configured times a task is due and escalated
          "reminders", Set.of("SetDueDates", "DueDateProperties"),
          // the freeze windows that apply to a service, which a deployment's form warns of
          "calendar", Set.of("FreezeWindows", "FreezeWindow"),
          // the phases of the lifecycle, read from the diagram's groups
          "board", Set.of("Phases"),
          // the process that tracks a retrospective's action item: its key and variables
          "improvement", Set.of("ImprovementAction", "ActionItems"),
          // who may read a release, as its timeline: the evidence pack is read by the same people,
          // and tells the timeline's entries
          "timeline", Set.of("ReleaseTimeline"),
          // the end events' listener and the packs it freezes: process tests register it
          "evidence", Set.of("FreezeEvidencePack", "EvidencePacks"));

  static JavaClasses main;
  static JavaClasses tests;

  @BeforeAll
  static void importClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);
    tests =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages(BASE);
  }

  @Test
  void noPackageDependsOnOneThatDependsBackOnIt() {
    slices()
        .matching(BASE + ".(*)..")
        .namingSlices("$1")
        .should()
        .beFreeOfCycles()
        // Frozen: the start listener of a release checks the request with the rules of three
        // capabilities (the
        // dependencies' syntax, the next version, the due dates). It belongs to the lifecycle, yet
        // each of these
        // capabilities reads the lifecycle's constants. Moving the checks behind an interface that
        // the capabilities
        // implement would end it; until then these are the only dependencies from release to a
        // capability.
        .ignoreDependency(startListener(), published("dependencies", "versioning", "reminders"))
        .check(main);
  }

  @Test
  void capabilitiesUseEachOtherOnlyThroughWhatTheyPublish() {
    classes()
        .that(areInACapability())
        .should(dependOnOtherCapabilitiesOnlyThroughWhatTheyPublish())
        .check(main);
  }

  @Test
  void nothingButConfigurationDependsOnSecurity() {
    noClasses()
        .that()
        .resideOutsideOfPackage(BASE + ".security..")
        .and()
        .areNotAnnotatedWith(Configuration.class)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BASE + ".security..")
        .because(
            "security is configuration: it wraps the application, and the application does not call it")
        .check(main);
  }

  @Test
  void configurationIsUsedByNoCapability() {
    noClasses()
        .that(areInACapability().or(inPackages(SHARED)))
        .should()
        .dependOnClassesThat(inPackages(CONFIGURATION))
        .because(
            "people, groups, permissions and filters are set up at start-up around the capabilities; the "
                + "groups' ids are ReleaseProcess.Groups")
        .check(main);
  }

  @Test
  void everyTestThatStartsTheApplicationRunsAsAnApplicationTest() {
    classes()
        .that(startTheApplication())
        .should()
        .beMetaAnnotatedWith(ApplicationTest.class)
        .because(
            "tests that start the application run in the integration-test phase, selected by its tag")
        .check(tests);
  }

  @Test
  void everyBrowserTestIsSkippedBeforeTheApplicationStartsWithoutABrowser() {
    classes()
        .that()
        .resideInAPackage(BASE + ".browser")
        .and(startTheApplication())
        .should()
        .beMetaAnnotatedWith(BrowserTest.class)
        .check(tests);
  }

  static String topPackage(JavaClass clazz) {
    String name = clazz.getPackageName();
    if (!name.startsWith(BASE + ".")) {
      return null;
    }
    String rest = name.substring(BASE.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  static DescribedPredicate<JavaClass> inPackages(Set<String> packages) {
    return DescribedPredicate.describe(
        "in " + packages,
        clazz -> {
          String top = topPackage(clazz);
          return top != null && packages.contains(top);
        });
  }

  /** Every package of Release Desk that is neither shared nor configuration, also those added later. */
  static DescribedPredicate<JavaClass> areInACapability() {
    return DescribedPredicate.describe(
        "in a capability package",
        clazz -> {
          String top = topPackage(clazz);
          return top != null && !SHARED.contains(top) && !CONFIGURATION.contains(top);
        });
  }

  static boolean isPublished(JavaClass clazz) {
    String top = topPackage(clazz);
    if (top == null) {
      return false;
    }
    String outer = clazz.getName().substring(clazz.getPackageName().length() + 1).split("\\$")[0];
    return PUBLISHED.getOrDefault(top, Set.of()).contains(outer);
  }

  static DescribedPredicate<JavaClass> published(String... packages) {
    return DescribedPredicate.describe(
        "published by " + String.join(", ", packages),
        clazz ->
            topPackage(clazz) != null
                && Set.of(packages).contains(topPackage(clazz))
                && isPublished(clazz));
  }

  static DescribedPredicate<JavaClass> startListener() {
    return DescribedPredicate.describe(
        "the start listener release.ValidateReleaseRequest",
        clazz -> clazz.getName().startsWith(BASE + ".release.ValidateReleaseRequest"));
  }

  static ArchCondition<JavaClass> dependOnOtherCapabilitiesOnlyThroughWhatTheyPublish() {
    return new ArchCondition<>("depend on other capabilities only through what they publish") {
      @Override
      public void check(JavaClass clazz, ConditionEvents events) {
        String own = topPackage(clazz);
        for (Dependency dependency : clazz.getDirectDependenciesFromSelf()) {
          JavaClass target = dependency.getTargetClass();
          String other = topPackage(target);
          if (other != null
              && !other.equals(own)
              && areInACapability().test(target)
              && !isPublished(target)) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  /** A {@code @SpringBootTest}, or a test that runs the application itself (to restart it, or without demo). */
  static DescribedPredicate<JavaClass> startTheApplication() {
    return DescribedPredicate.describe(
        "start the application",
        clazz ->
            clazz.isMetaAnnotatedWith(SpringBootTest.class)
                // nodes of their own, in JVMs of their own
                || clazz.getAllFields().stream()
                    .anyMatch(field -> field.getRawType().isEquivalentTo(ReleaseDeskNodes.class))
                || clazz.getMethodCallsFromSelf().stream()
                    .anyMatch(
                        call ->
                            call.getName().equals("run")
                                && (call.getTargetOwner()
                                        .isEquivalentTo(SpringApplicationBuilder.class)
                                    || call.getTargetOwner()
                                        .isEquivalentTo(SpringApplication.class))));
  }
}
