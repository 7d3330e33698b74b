package io.releasedesk.versioning;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.catalog.ServiceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * For the demo: a small real git repository for each catalog service whose repository is a local folder that does not
 * exist yet, with a first release tag and a few conventional commits since, so that the first release shows real
 * commits and versions. Services sharing a folder share the repository (a monorepo), each in its path. An existing
 * folder is never touched. On with {@code releasedesk.demo.seed-repositories=true} (the demo profile).
 */
@Component
@ConditionalOnProperty("releasedesk.demo.seed-repositories")
public class DemoRepositories implements SmartInitializingSingleton {

  private static final Logger LOG = LoggerFactory.getLogger(DemoRepositories.class);
  private static final PersonIdent DEVON = new PersonIdent("Devon Developer", "devon@example.com");

  /** The demo services' last releases, so that their first requests in Release Desk follow on; others start at 1.0.0. */
  private static final Map<String, String> LAST_RELEASES =
      Map.of("payments", "2.3.0", "checkout", "3.0.2", "search", "1.1.0", "inventory", "7.2.0");

  private final ServiceCatalog catalog;

  public DemoRepositories(ServiceCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public void afterSingletonsInstantiated() {
    var byFolder = new LinkedHashMap<Path, List<ServiceDefinition>>();
    for (ServiceDefinition service : catalog.services()) {
      if (service.isLocal()) {
        Path folder =
            service.repository().startsWith("file:")
                ? Path.of(URI.create(service.repository()))
                : Path.of(service.repository());
        if (!Files.exists(folder)) {
          byFolder.computeIfAbsent(folder, f -> new java.util.ArrayList<>()).add(service);
        }
      }
    }
    byFolder.forEach(DemoRepositories::seed);
  }

  static void seed(Path folder, List<ServiceDefinition> services) {
    try (Git git = Git.init().setDirectory(folder.toFile()).setInitialBranch("main").call()) {
      commit(git, "README.md", "chore: start the repository");
      for (ServiceDefinition service : services) {
        commit(
            git,
            file(service, "CHANGELOG.md"),
            "feat(" + service.name() + "): first release of " + service.name());
        String tag = service.tagOf(LAST_RELEASES.getOrDefault(service.name(), "1.0.0"));
        git.tag()
            .setName(tag)
            .setAnnotated(true)
            .setMessage(tag)
            .setTagger(DEVON)
            .setSigned(false)
            .call();
      }
      for (ServiceDefinition service : services) {
        commit(
            git,
            file(service, "src/main.txt"),
            "fix("
                + service.name()
                + "): keep the last page when the list "
                + "is empty ("
                + issue(service, 12)
                + ")");
        commit(
            git,
            file(service, "src/main.txt"),
            "feat(" + service.name() + "): export as CSV (" + issue(service, 17) + ")");
        commit(git, file(service, "docs/guide.md"), "docs: explain the CSV export");
      }
      LOG.info(
          "Seeded the demo repository {} for {}",
          folder,
          services.stream().map(ServiceDefinition::name).toList());
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(
          "Cannot seed the demo repository " + folder + ": " + e.getMessage(), e);
    }
  }

  private static String file(ServiceDefinition service, String name) {
    return service.path() == null ? name : service.path() + "/" + name;
  }

  private static String issue(ServiceDefinition service, int number) {
    if (service.issueLink() != null && service.issueLink().contains("/issues/")) {
      return "#" + number;
    }
    String project =
        service.name().substring(0, Math.min(3, service.name().length())).toUpperCase(Locale.ROOT);
    return project + "-" + (100 + number);
  }

  private static void commit(Git git, String path, String message)
      throws IOException, GitAPIException {
    Path file = git.getRepository().getWorkTree().toPath().resolve(path);
    Files.createDirectories(file.getParent());
    try {
      Files.writeString(file, message + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    git.add().addFilepattern(path).call();
    git.commit().setMessage(message).setAuthor(DEVON).setCommitter(DEVON).setSign(false).call();
  }
}
