package io.releasedesk.versioning;

import io.releasedesk.catalog.ServiceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A bare mirror of each service's repository under the data folder, cloned the first time and fetched each time a
 * step needs the repository, so every step reads what the repository holds at that moment. Remote credentials come
 * from {@link GitProperties#credentials()} by host. A repository that cannot be read throws
 * {@link RepositoryUnavailableException}.
 */
@Component
public class GitMirrors {

  private static final Logger LOG = LoggerFactory.getLogger(GitMirrors.class);

  private final GitProperties properties;
  private final Map<Path, Object> locks = new ConcurrentHashMap<>();

  public GitMirrors(GitProperties properties) {
    this.properties = properties;
  }

  /** Brings the mirror of the service's repository up to date and opens it; the caller closes it. */
  public Repository fetch(ServiceDefinition service) {
    URIish uri = uriOf(service);
    Path mirror = mirrorOf(uri);
    synchronized (locks.computeIfAbsent(mirror, folder -> new Object())) {
      try {
        if (!Files.isRegularFile(mirror.resolve("HEAD"))) {
          cloneInto(mirror, uri);
        }
        Git git = Git.open(mirror.toFile());
        try {
          removeStaleLocks(mirror);
          FetchResult fetched =
              authenticated(
                      git.fetch()
                          .setRemote("origin")
                          .setRemoveDeletedRefs(true)
                          .setTagOpt(TagOpt.FETCH_TAGS),
                      uri)
                  .call();
          failOnLockedRefs(fetched, mirror, service);
        } catch (GitAPIException | JGitInternalException | RepositoryUnavailableException e) {
          git.close();
          throw e;
        }
        return git.getRepository();
      } catch (GitAPIException | JGitInternalException | IOException e) {
        throw new RepositoryUnavailableException(
            "Cannot fetch the repository "
                + service.repository()
                + " of service "
                + service.name()
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  /**
   * A process killed while it updated a ref of the mirror (a node's {@code kill -9} during a fetch) leaves the ref's
   * lock file behind. JGit then skips that ref without an error, and the mirror would keep an old branch head for
   * good. A lock older than twice the fetch timeout belongs to no fetch that still runs: it is removed.
   */
  private void removeStaleLocks(Path mirror) throws IOException {
    FileTime stale = FileTime.from(Instant.now().minus(properties.timeout().multipliedBy(2)));
    List<Path> locks;
    try (Stream<Path> files =
        Stream.concat(Files.list(mirror), Files.walk(mirror.resolve(Constants.R_REFS)))) {
      locks = files.filter(file -> file.getFileName().toString().endsWith(".lock")).toList();
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        return; // an update removed its lock while it was listed: nothing was left behind
      }
      throw e.getCause();
    }
    for (Path lock : locks) {
      try {
        if (Files.getLastModifiedTime(lock).compareTo(stale) < 0) {
          LOG.warn("Removing {}, left by a git update that did not finish", lock);
          Files.deleteIfExists(lock);
        }
      } catch (NoSuchFileException e) {
        // a running update (JGit's background gc, say) removed its own lock meanwhile
      }
    }
  }

  /** A ref the fetch could not update (a lock still held, or too fresh to be taken as stale) fails the fetch. */
  private static void failOnLockedRefs(
      FetchResult fetched, Path mirror, ServiceDefinition service) {
    for (TrackingRefUpdate update : fetched.getTrackingRefUpdates()) {
      if (update.getResult() == RefUpdate.Result.LOCK_FAILURE
          || update.getResult() == RefUpdate.Result.IO_FAILURE) {
        throw new RepositoryUnavailableException(
            "Cannot update "
                + update.getLocalName()
                + " in the mirror "
                + mirror
                + " of service "
                + service.name()
                + ": "
                + update.getResult()
                + " (a lock file "
                + update.getLocalName()
                + ".lock is held by another update, or was left by one that did not finish and is"
                + " removed once it is older than twice the fetch timeout)",
            null);
      }
    }
  }

  /**
   * Pushes one ref of the service's mirror (a tag, say) to the service's repository, with the host's credentials, so
   * that it outlives the next fetch (which prunes what the repository does not hold).
   *
   * @return how the repository took the ref: {@code OK}, {@code UP_TO_DATE}, or why it refused it
   * @throws RepositoryUnavailableException when the repository cannot be reached or written
   */
  public RemoteRefUpdate push(Repository mirror, ServiceDefinition service, String ref) {
    URIish uri = uriOf(service);
    try (Git git = Git.wrap(mirror)) {
      for (PushResult result :
          authenticated(
                  git.push().setRemote("origin").setRefSpecs(new RefSpec(ref + ":" + ref)), uri)
              .call()) {
        RemoteRefUpdate update = result.getRemoteUpdate(ref);
        if (update != null) {
          return update;
        }
      }
      throw new RepositoryUnavailableException(
          "The repository "
              + service.repository()
              + " of service "
              + service.name()
              + " gave no answer about "
              + ref,
          null);
    } catch (GitAPIException | JGitInternalException e) {
      throw new RepositoryUnavailableException(
          "Cannot push "
              + ref
              + " to the repository "
              + service.repository()
              + " of service "
              + service.name()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Where the mirror of this repository lives: a readable name and a hash of the full address. */
  Path mirrorOf(URIish uri) {
    String name = uri.getHumanishName().replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(uri.toString().getBytes(StandardCharsets.UTF_8));
      return properties
          .dataFolder()
          .resolve(name + "-" + HexFormat.of().formatHex(hash, 0, 6) + ".git");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The repository's address; a local path is read as a file URL, relative to the working directory. */
  static URIish uriOf(ServiceDefinition service) {
    String repository = service.repository();
    try {
      if (service.isLocal() && !repository.startsWith("file://")) {
        return new URIish(Path.of(repository).toAbsolutePath().normalize().toUri().toString());
      }
      return new URIish(repository);
    } catch (URISyntaxException e) {
      throw new RepositoryUnavailableException(
          "The repository "
              + repository
              + " of service "
              + service.name()
              + " is not a git address: "
              + e.getMessage(),
          e);
    }
  }

  /** Clones into a folder beside the mirror and moves it in place, so a failed clone leaves no half mirror. */
  private void cloneInto(Path mirror, URIish uri) throws GitAPIException, IOException {
    Files.createDirectories(mirror.getParent());
    Path partial =
        Files.createTempDirectory(mirror.getParent(), mirror.getFileName() + ".partial-");
    try {
      try (Git ignored =
          authenticated(
                  Git.cloneRepository()
                      .setURI(uri.toString())
                      .setMirror(true)
                      .setDirectory(partial.toFile()),
                  uri)
              .call()) {
        // cloned
      }
      Files.move(partial, mirror, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      if (Files.exists(partial)) {
        FileUtils.delete(partial.toFile(), FileUtils.RECURSIVE | FileUtils.IGNORE_ERRORS);
      }
    }
  }

  private <C extends TransportCommand<C, ?>> C authenticated(C command, URIish uri) {
    command.setTimeout((int) Math.max(1, properties.timeout().toSeconds()));
    GitProperties.Credentials credentials =
        uri.getHost() == null ? null : properties.credentials().get(uri.getHost());
    if (credentials == null) {
      return command;
    }
    if (credentials.token() != null && !credentials.token().isBlank()) {
      command.setCredentialsProvider(
          new UsernamePasswordCredentialsProvider(credentials.username(), credentials.token()));
    }
    if (credentials.sshKeyPath() != null) {
      Path key = credentials.sshKeyPath();
      var ssh =
          new SshdSessionFactoryBuilder()
              .setHomeDirectory(FS.DETECTED.userHome())
              .setSshDirectory(key.toAbsolutePath().getParent().toFile())
              .setDefaultIdentities(folder -> List.of(key))
              .build(null);
      command.setTransportConfigCallback(
          transport -> {
            if (transport instanceof SshTransport sshTransport) {
              sshTransport.setSshSessionFactory(ssh);
            }
          });
    }
    return command;
  }
}
