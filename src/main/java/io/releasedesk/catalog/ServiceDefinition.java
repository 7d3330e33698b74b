package io.releasedesk.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One service of the catalog, as a release manager wrote it in {@code services.yaml}.
 *
 * @param name the service's name, the key of its entry
 * @param repository its git repository: a URL (https, ssh, git, file, or git@host:path) or a local path
 * @param tagPattern how its release tags are named: {@code v{version}} or {@code {service}-v{version}}
 * @param path optional folder of the repository: only commits touching it belong to the service
 * @param issueLink optional link to an issue, {@code {id}} standing for the issue id
 * @param branch optional branch releases are cut from; null means the repository's default branch
 * @param owners who answers for the service (user or group ids)
 * @param tagCandidates whether each release candidate is tagged ({@code v2.4.0-rc.1}) on the commit it was cut from
 * @param pushTags whether Release Desk tags the repository at all (release and candidate tags); when false, no tag is
 *     made and the release records that
 * @param announceTo optional: who hears about the service's releases (user ids, group ids or email addresses); when
 *     empty, its owners
 * @param chatWebhook optional: an incoming webhook (Slack-compatible) the service's releases are announced to
 */
public record ServiceDefinition(
    String name,
    @NotBlank(message = "is required: the service's git repository (URL or local path)")
        String repository,
    @NotBlank
        @DefaultValue(ServiceDefinition.DEFAULT_TAG_PATTERN)
        @Pattern(
            regexp =
                "^[A-Za-z0-9._/-]*(\\{service\\}[A-Za-z0-9._/-]*)?\\{version\\}[A-Za-z0-9._/-]*$",
            message =
                "must hold {version} once and may hold {service}, e.g. v{version} or {service}-v{version}")
        String tagPattern,
    @Pattern(
            regexp = "^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$",
            message =
                "must be a folder of the repository such as services/search (no leading or trailing /)")
        String path,
    @Pattern(
            regexp = "^https?://\\S*\\{id\\}\\S*$",
            message =
                "must be an http(s) link holding {id}, e.g. https://jira.example.com/browse/{id}")
        String issueLink,
    @Pattern(regexp = "^[A-Za-z0-9._/-]+$", message = "must be a branch name such as main")
        String branch,
    @NotEmpty(message = "must name at least one person or group who answers for the service")
        List<@NotBlank String> owners,
    @DefaultValue("false") boolean tagCandidates,
    @DefaultValue("true") boolean pushTags,
    List<@NotBlank String> announceTo,
    // a webhook's URL is its secret: the catalog API does not show it
    @JsonIgnore
        @Pattern(
            regexp = "^https?://\\S+$",
            message = "must be an http(s) URL of an incoming webhook")
        String chatWebhook) {

  /** Bound from the catalog file, with the defaults of the optional fields; in code, see {@link #builder}. */
  @ConstructorBinding
  public ServiceDefinition {}

  /**
   * A service built in code (the catalog file is bound through the constructor), with the catalog's defaults: tags
   * {@code v{version}}, tags its releases but not its candidates, announced to its owners.
   */
  public static Builder builder(String name, String repository) {
    return new Builder(name, repository);
  }

  /** Builds a {@link ServiceDefinition}; each optional field keeps the catalog's default unless set. */
  public static final class Builder {
    private final String name;
    private final String repository;
    private String tagPattern = DEFAULT_TAG_PATTERN;
    private String path;
    private String issueLink;
    private String branch;
    private List<String> owners = List.of();
    private boolean tagCandidates = false;
    private boolean pushTags = true;
    private List<String> announceTo = List.of();
    private String chatWebhook;

    private Builder(String name, String repository) {
      this.name = name;
      this.repository = repository;
    }

    public Builder tagPattern(String tagPattern) {
      this.tagPattern = tagPattern;
      return this;
    }

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    public Builder issueLink(String issueLink) {
      this.issueLink = issueLink;
      return this;
    }

    public Builder branch(String branch) {
      this.branch = branch;
      return this;
    }

    public Builder owners(String... owners) {
      this.owners = List.of(owners);
      return this;
    }

    public Builder tagCandidates(boolean tagCandidates) {
      this.tagCandidates = tagCandidates;
      return this;
    }

    public Builder pushTags(boolean pushTags) {
      this.pushTags = pushTags;
      return this;
    }

    public Builder announceTo(String... announceTo) {
      this.announceTo = List.of(announceTo);
      return this;
    }

    public Builder chatWebhook(String chatWebhook) {
      this.chatWebhook = chatWebhook;
      return this;
    }

    public ServiceDefinition build() {
      return new ServiceDefinition(
          name,
          repository,
          tagPattern,
          path,
          issueLink,
          branch,
          owners,
          tagCandidates,
          pushTags,
          announceTo,
          chatWebhook);
    }
  }

  static final String DEFAULT_TAG_PATTERN = "v{version}";

  /** https, ssh, git and file URLs, and the scp-like form git@host:owner/repo.git. */
  private static final java.util.regex.Pattern URL =
      java.util.regex.Pattern.compile("^((https?|ssh|git|file)://\\S+|[\\w.-]+@[\\w.-]+:\\S+)$");

  /** A local path: neither ':' nor '@' (which would make it a URL), no spaces at either end. */
  private static final java.util.regex.Pattern LOCAL_PATH =
      java.util.regex.Pattern.compile("^[^:@\\s]([^:@\\n]*[^:@\\s])?$");

  @AssertTrue(
      message =
          "repository must be a git URL (https://…, ssh://…, git://…, file://…, git@host:path) "
              + "or a local path")
  @JsonIgnore
  public boolean isRepositoryAUrlOrPath() {
    return repository == null
        || repository.isBlank()
        || URL.matcher(repository).matches()
        || LOCAL_PATH.matcher(repository).matches();
  }

  /** True when the repository is on this machine (a path or a file:// URL), false for a remote one. */
  @JsonIgnore
  public boolean isLocal() {
    return repository.startsWith("file://") || LOCAL_PATH.matcher(repository).matches();
  }

  /** The tag this service's release of {@code version} carries, e.g. {@code search-v1.4.0}. */
  public String tagOf(String version) {
    return tagPattern.replace("{service}", name).replace("{version}", version);
  }

  /** The version a tag of this service names, or null when the tag is not one of its release tags. */
  public String versionOf(String tag) {
    String[] around = tagPattern.replace("{service}", name).split("\\{version\\}", -1);
    if (tag.length() <= around[0].length() + around[1].length()
        || !tag.startsWith(around[0])
        || !tag.endsWith(around[1])) {
      return null;
    }
    return tag.substring(around[0].length(), tag.length() - around[1].length());
  }

  /** A link to the issue, or null when the service has no issue-link template. */
  public String issueLinkOf(String id) {
    return issueLink == null ? null : issueLink.replace("{id}", id);
  }

  ServiceDefinition named(String serviceName) {
    return new ServiceDefinition(
        serviceName,
        repository,
        tagPattern,
        path,
        issueLink,
        branch,
        owners,
        tagCandidates,
        pushTags,
        announceTo == null ? List.of() : announceTo,
        chatWebhook);
  }
}
