package io.releasedesk.release;

import java.net.URI;
import java.util.Map;
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

  record Started(String releaseKey, String processInstanceId) {}

  record CancelBody(String reason) {}

  private final Releases releases;

  ReleaseController(Releases releases) {
    this.releases = releases;
  }

  /**
   * A release request: the fields of the start form as JSON ({@code service}, {@code version}, …). The release's
   * start checks them and refuses anything else.
   */
  @PostMapping
  ResponseEntity<Started> request(@RequestBody Map<String, Object> body) {
    var instance = releases.request(body);
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
