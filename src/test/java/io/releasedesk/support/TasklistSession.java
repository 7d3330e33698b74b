package io.releasedesk.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * What Tasklist does in the browser, over plain HTTP: log in with a session, then call the engine through the
 * webapp's own API with the session cookie and the CSRF token Camunda hands out.
 */
public class TasklistSession {

  private final String base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

  private TasklistSession(String base) {
    this.base = base;
  }

  /** Opens Tasklist and logs in; fails if the login is refused. */
  public static TasklistSession login(String base, String user, String password) {
    return loginTo("tasklist", base, user, password);
  }

  /**
   * Opens another webapp ({@code cockpit}, {@code admin}) and logs in; its session calls the same engine API as
   * Tasklist's. For people without Tasklist, such as release viewers.
   */
  public static TasklistSession loginTo(String app, String base, String user, String password) {
    var session = new TasklistSession(base);
    var login = session.logIn(app, user, password);
    if (login.statusCode() != 200) {
      throw new IllegalStateException(
          user + " could not log in to " + app + ": " + login.statusCode() + " " + login.body());
    }
    return session;
  }

  /** Opens Tasklist and tries to log in; the answer of the login, whatever it is. */
  public static HttpResponse<String> tryLogin(String base, String user, String password) {
    return new TasklistSession(base).logIn("tasklist", user, password);
  }

  private HttpResponse<String> logIn(String app, String user, String password) {
    send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/" + app + "/")).GET());
    return send(
        withCsrfToken(
                HttpRequest.newBuilder(
                    URI.create(base + "/camunda/api/admin/auth/user/default/login/" + app)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "username=" + encode(user) + "&password=" + encode(password))));
  }

  /** A POST as from another site: the session cookie goes along, but {@code token} (or none) as CSRF header. */
  public HttpResponse<String> postWithCsrfToken(String enginePath, String json, String token) {
    var request =
        HttpRequest.newBuilder(engineUri(enginePath))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      request.header("X-XSRF-TOKEN", token);
    }
    return send(request);
  }

  /** A GET of the engine API as Tasklist calls it, e.g. {@code task?maxResults=15}. */
  public HttpResponse<String> get(String enginePath) {
    return send(HttpRequest.newBuilder(engineUri(enginePath)).GET());
  }

  /** A GET of another path of the server with the session, e.g. {@code /api/releases/payments@2.4.0/timeline}. */
  public HttpResponse<String> getPath(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** A POST of JSON to another path of the server with the session and its CSRF token. */
  public HttpResponse<String> postPath(String path, String json) {
    get("task/count");
    return send(
        withCsrfToken(HttpRequest.newBuilder(URI.create(base + path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A POST with a JSON body to the engine API as Tasklist calls it, e.g. {@code task/{id}/submit-form}. */
  public HttpResponse<String> post(String enginePath, String json) {
    return send("POST", enginePath, json);
  }

  /** A call with a JSON body (or none) to the engine API, e.g. {@code DELETE task/{id}/comment}. */
  public HttpResponse<String> send(String method, String enginePath, String json) {
    // a GET first: Camunda renews the CSRF token with the session
    get("task/count");
    return send(
        withCsrfToken(HttpRequest.newBuilder(engineUri(enginePath)))
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json)));
  }

  /**
   * A query as Tasklist sends it, e.g. {@code POST filter/{id}/list}: JSON in, HAL out (the tasks with what their cards
   * show), with the CSRF token the session already holds.
   */
  public HttpResponse<String> query(String enginePath, String json) {
    return send(
        withCsrfToken(HttpRequest.newBuilder(engineUri(enginePath)))
            .header("Content-Type", "application/json")
            .header("Accept", "application/hal+json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A PUT with a JSON body to the engine API as Tasklist calls it, e.g. {@code filter/{id}}. */
  public HttpResponse<String> put(String enginePath, String json) {
    return send("PUT", enginePath, json);
  }

  /**
   * A call to one of Release Desk's own paths, e.g. {@code GET /api/releases}, with this session's cookie and the CSRF
   * token, as a page of Release Desk in the same browser would send it.
   */
  public HttpResponse<String> call(String method, String path, String json) {
    return send(
        withCsrfToken(HttpRequest.newBuilder(URI.create(base + path)))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json)));
  }

  private URI engineUri(String enginePath) {
    return URI.create(base + "/camunda/api/engine/engine/default/" + enginePath);
  }

  private HttpRequest.Builder withCsrfToken(HttpRequest.Builder request) {
    cookies.getCookieStore().getCookies().stream()
        .filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
        .reduce((first, second) -> second)
        .ifPresent(token -> request.header("X-XSRF-TOKEN", token.getValue()));
    return request;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
