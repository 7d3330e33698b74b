package io.releasedesk.release;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Releases for scripts and CI/CD systems: request one, follow it, cancel it, fetch its notes. */
@RestController
@RequestMapping("/api/releases")
class ReleaseController {

  /** A release request as JSON; the fields of the start form. */
  record RequestReleaseBody(
      String service, String repository, String version, String targetDate, String releaseType,
      String scopeSummary, Boolean hasDatabaseMigrations, Boolean customerFacing) {

    /** The start form's variables; what is missing stays missing, so the rules can name it. */
    Map<String, Object> variables() {
      var variables = new LinkedHashMap<String, Object>();
      variables.put("service", service);
      variables.put("repository", repository);
      variables.put("version", version);
      variables.put("targetDate", targetDate);
      variables.put("releaseType", releaseType);
      variables.put("scopeSummary", scopeSummary);
      variables.put("hasDatabaseMigrations", hasDatabaseMigrations);
      variables.put("customerFacing", customerFacing);
      variables.values().removeIf(Objects::isNull);
      return variables;
    }
  }

  record Started(String releaseKey, String processInstanceId) {}

  record CancelBody(String reason) {}

  private final Releases releases;

  ReleaseController(Releases releases) {
    this.releases = releases;
  }

  @PostMapping
  ResponseEntity<Started> request(@RequestBody RequestReleaseBody body) {
    var instance = releases.request(body.variables());
    return ResponseEntity.created(URI.create("/api/releases/" + instance.getBusinessKey()))
        .body(new Started(instance.getBusinessKey(), instance.getId()));
  }

  @GetMapping("/{releaseKey}")
  Releases.Status status(@PathVariable String releaseKey) {
    return releases.status(releaseKey);
  }

  @PostMapping("/{releaseKey}/cancel")
  ResponseEntity<Void> cancel(@PathVariable String releaseKey, @RequestBody CancelBody body) {
    releases.cancel(releaseKey, body.reason());
    return ResponseEntity.noContent().build();
  }

  @GetMapping(value = "/{releaseKey}/notes", produces = "text/markdown;charset=UTF-8")
  String notes(@PathVariable String releaseKey) {
    return releases.notes(releaseKey);
  }
}
