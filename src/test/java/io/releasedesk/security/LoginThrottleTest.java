package io.releasedesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.support.ApplicationTest;
import io.releasedesk.support.TasklistSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.ActiveProfiles;

/**
 * Wrong passwords slow down the address that sent them, for that user, for a while, and nobody else: no stranger
 * can lock anybody out. Here: three wrong passwords, then a wait of three seconds.
 */
@ApplicationTest
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"releasedesk.login.failures-before-delay=3", "releasedesk.login.delay=PT3S"})
@ActiveProfiles({"demo", "test"})
class LoginThrottleTest {

  static final int FAILURES = 3;

  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  /** Where a password is checked; each door with a user of its own, so that the doors do not meet here. */
  enum Door {
    ENGINE_REST("otto"),
    API("chris"),
    TASKLIST_LOGIN("devon"),
    IDENTITY_VERIFY("carol");

    final String user;

    Door(String user) {
      this.user = user;
    }
  }

  record Answer(int status, String body, String retryAfter) {}

  @ParameterizedTest
  @EnumSource(Door.class)
  void wrongPasswordsDelayOnlyTheirAddressAndOnlyForAWhile(Door door) {
    String user = door.user;
    for (int i = 0; i < FAILURES; i++) {
      assertThat(tryPassword(door, user, "guess-" + i).status()).isIn(401, 200);
    }

    // the right password from the same address: not even checked, while the wait lasts
    Answer refused = tryPassword(door, user, user);
    assertThat(authenticated(door, refused)).isFalse();
    if (door != Door.IDENTITY_VERIFY) {
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.body())
          .contains("Too many wrong passwords for " + user + " from your address");
      assertThat(Integer.parseInt(refused.retryAfter())).isBetween(1, 3);
    }
    // the same at every door, from this address
    assertThat(basicStatus("127.0.0.1", user, user)).isEqualTo(429);
    // from another address, the right password works at once
    assertThat(basicStatus("127.0.0.2", user, user)).isEqualTo(200);

    // and from the first address too, once the wait is over
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> authenticated(door, tryPassword(door, user, user)));
  }

  @Test
  void noNumberOfWrongPasswordsLocksAUserForGood() {
    // twelve wrong passwords, more than Camunda's own permanent lock-out (ten), from four addresses
    for (int address = 10; address < 14; address++) {
      for (int i = 0; i < FAILURES; i++) {
        assertThat(basicStatus("127.0.0." + address, "quinn", "guess")).isEqualTo(401);
      }
    }

    assertThat(basicStatus("127.0.0.1", "quinn", "quinn")).isEqualTo(200);
    assertThat(TasklistSession.tryLogin(base(), "quinn", "quinn").statusCode()).isEqualTo(200);
  }

  @Test
  void aRightPasswordClearsTheCount() {
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < FAILURES - 1; i++) {
        assertThat(basicStatus("127.0.0.1", "paula", "guess")).isEqualTo(401);
      }
      assertThat(basicStatus("127.0.0.1", "paula", "paula")).isEqualTo(200);
    }
  }

  private Answer tryPassword(Door door, String user, String password) {
    return switch (door) {
      case ENGINE_REST -> {
        var answer =
            rest.withBasicAuth(user, password)
                .exchange("/engine-rest/task/count", HttpMethod.GET, null, String.class);
        yield new Answer(
            answer.getStatusCode().value(),
            answer.getBody(),
            answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
      }
      case API -> {
        var answer =
            rest.withBasicAuth(user, password)
                .exchange("/api/releases/nothing@1.0.0", HttpMethod.GET, null, String.class);
        yield new Answer(
            answer.getStatusCode().value(),
            answer.getBody(),
            answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
      }
      case TASKLIST_LOGIN -> {
        var answer = TasklistSession.tryLogin(base(), user, password);
        yield new Answer(
            answer.statusCode(),
            answer.body(),
            answer.headers().firstValue(HttpHeaders.RETRY_AFTER).orElse(null));
      }
      case IDENTITY_VERIFY -> {
        // an administrator's client checking someone's password: the guesser is whoever sends it
        var answer =
            rest.withBasicAuth("admin", "admin")
                .postForEntity(
                    "/engine-rest/identity/verify",
                    Map.of("username", user, "password", password),
                    String.class);
        yield new Answer(answer.getStatusCode().value(), answer.getBody(), null);
      }
    };
  }

  private static boolean authenticated(Door door, Answer answer) {
    return switch (door) {
      case ENGINE_REST, TASKLIST_LOGIN -> answer.status() == 200;
      case API ->
          answer.status() != 401 && answer.status() != 429; // there is no such release: 403 or 404
      case IDENTITY_VERIFY ->
          answer.status() == 200 && answer.body().contains("\"authenticated\":true");
    };
  }

  private String base() {
    return "http://localhost:" + port;
  }

  /** The status of a GET of the engine REST API with HTTP Basic, sent from the given local address. */
  private int basicStatus(String from, String user, String password) {
    String credentials =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    try (Socket socket =
        new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(from), 0)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /engine-rest/task/count HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
                  + credentials
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine =
          new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 200"
      return Integer.parseInt(statusLine.substring(9, 12));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
