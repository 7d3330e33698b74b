package io.releasedesk.calendar;

import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.engine.InvalidInputException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The release calendar as iCalendar: with HTTP Basic like the rest of the API, or, for calendar clients that cannot
 * send it, through a feed URL with a personal token that its owner can revoke. Either way it shows what that person
 * may read.
 */
@RestController
class CalendarController {

  static final MediaType TEXT_CALENDAR =
      new MediaType("text", "calendar", java.nio.charset.StandardCharsets.UTF_8);

  /** The only path reachable without HTTP Basic (SecurityConfiguration): the token authenticates. */
  static final String FEED = "/api/calendar/feed/";

  record CreatedToken(String id, Instant createdAt, String url) {}

  private final ReleaseCalendar calendar;
  private final CalendarTokens tokens;
  private final ServiceCatalog catalog;
  private final IdentityService identityService;

  CalendarController(
      ReleaseCalendar calendar,
      CalendarTokens tokens,
      ServiceCatalog catalog,
      IdentityService identityService) {
    this.calendar = calendar;
    this.tokens = tokens;
    this.catalog = catalog;
    this.identityService = identityService;
  }

  @GetMapping("/api/calendar.ics")
  ResponseEntity<String> ics(@RequestParam(required = false) String service) {
    return calendarAnswer(calendar.ics(known(service)));
  }

  @PostMapping("/api/calendar/tokens")
  ResponseEntity<CreatedToken> createToken() {
    var created = tokens.create(caller(), Instant.now());
    URI url =
        ServletUriComponentsBuilder.fromCurrentContextPath()
            .path(FEED + created.token() + ".ics")
            .build()
            .toUri();
    return ResponseEntity.created(url)
        .body(new CreatedToken(created.id(), created.createdAt(), url.toString()));
  }

  @GetMapping("/api/calendar/tokens")
  List<CalendarTokens.Token> tokens() {
    return tokens.of(caller());
  }

  @DeleteMapping("/api/calendar/tokens/{id}")
  ResponseEntity<?> revoke(@PathVariable String id) {
    if (tokens.revoke(caller(), id)) {
      return ResponseEntity.noContent().build();
    }
    return ResponseEntity.of(
            ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "You have no calendar token " + id))
        .build();
  }

  /** The calendar of the token's owner, as they would read it themselves; 401 for a wrong or revoked token. */
  @GetMapping(FEED + "{token}.ics")
  ResponseEntity<String> feed(
      @PathVariable String token, @RequestParam(required = false) String service) {
    var owner =
        tokens
            .owner(token)
            .filter(user -> identityService.createUserQuery().userId(user).count() > 0);
    if (owner.isEmpty()) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .contentType(MediaType.TEXT_PLAIN)
          .body(
              "This calendar feed's token is wrong or was revoked: create a new one with POST /api/calendar/tokens");
    }
    String user = owner.get();
    List<String> groups =
        identityService.createGroupQuery().groupMember(user).listPage(0, 100).stream()
            .map(Group::getId)
            .toList();
    String known = known(service);
    identityService.setAuthentication(user, groups);
    try {
      return calendarAnswer(calendar.ics(known));
    } finally {
      identityService.clearAuthentication();
    }
  }

  private String known(String service) {
    if (service != null && catalog.find(service).isEmpty()) {
      throw new InvalidInputException(catalog.notListed(service));
    }
    return service;
  }

  private String caller() {
    Authentication caller = identityService.getCurrentAuthentication();
    if (caller == null) {
      throw new IllegalStateException("The API is reached only with a user");
    }
    return caller.getUserId();
  }

  private static ResponseEntity<String> calendarAnswer(String calendar) {
    return ResponseEntity.ok()
        .contentType(TEXT_CALENDAR)
        .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"release-desk.ics\"")
        .body(calendar);
  }
}
