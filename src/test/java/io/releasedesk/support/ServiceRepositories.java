package io.releasedesk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Services of a test, each with a bare git repository on disk that Release Desk reads and tags: released once as
 * {@code v1.0.0}, with one feature commit since (so the next version is 1.1.0). {@link #catalog()} is a catalog file
 * naming them, with tags pushed.
 */
public final class ServiceRepositories {

  static final PersonIdent DEVON = new PersonIdent("Devon Developer", "devon@example.com");

  private final Path folder;
  private final Map<String, String> candidates = new LinkedHashMap<>();

  /** Creates the services' repositories and their catalog in the folder. */
  public ServiceRepositories(Path folder, List<String> services) {
    this.folder = folder;
    var catalog = new StringBuilder("services:\n");
    for (String service : services) {
      candidates.put(service, create(service));
      catalog
          .append("  ")
          .append(service)
          .append(":\n    repository: ")
          .append(remote(service).toUri())
          .append("\n    owners: [rita, devon]\n");
    }
    try {
      Files.writeString(catalog(), catalog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The catalog file, for {@code releasedesk.catalog.file}. */
  public Path catalog() {
    return folder.resolve("services.yaml");
  }

  /** The bare repository the service's releases are tagged in. */
  public Path remote(String service) {
    return folder.resolve(service + ".git");
  }

  /** The head of the service's main branch: the commit its release ships. */
  public String head(String service) {
    return candidates.get(service);
  }

  /** The service's tags: name → the commit each names. */
  public Map<String, String> tags(String service) {
    try (Git git = Git.open(remote(service).toFile())) {
      var tags = new TreeMap<String, String>();
      for (Ref ref : git.getRepository().getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
        Ref peeled = git.getRepository().getRefDatabase().peel(ref);
        ObjectId commit =
            peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : ref.getObjectId();
        tags.put(ref.getName().substring(Constants.R_TAGS.length()), commit.name());
      }
      return tags;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The object the tag's ref names: for an annotated tag, the tag object, which changes when it is made anew. */
  public String tagObject(String service, String tag) {
    try (Git git = Git.open(remote(service).toFile())) {
      Ref ref = git.getRepository().exactRef(Constants.R_TAGS + tag);
      return ref == null ? null : ref.getObjectId().name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String create(String service) {
    Path work = folder.resolve(service + "-work");
    try {
      Git.init()
          .setBare(true)
          .setInitialBranch("main")
          .setDirectory(remote(service).toFile())
          .call()
          .close();
      try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
        commit(git, "feat: " + service);
        git.tag()
            .setName("v1.0.0")
            .setAnnotated(true)
            .setMessage("v1.0.0")
            .setTagger(DEVON)
            .setSigned(false)
            .call();
        RevCommit head = commit(git, "feat: monthly statements for " + service);
        git.push().setRemote(remote(service).toUri().toString()).add("main").setPushTags().call();
        return head.name();
      }
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException("Cannot build the repository of " + service, e);
    }
  }

  private static RevCommit commit(Git git, String message) throws IOException, GitAPIException {
    Path file = git.getRepository().getWorkTree().toPath().resolve("src/changes.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        message + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    git.add().addFilepattern("src/changes.txt").call();
    return git.commit()
        .setMessage(message)
        .setAuthor(DEVON)
        .setCommitter(DEVON)
        .setSign(false)
        .call();
  }
}
