package io.releasedesk.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** Calls Release Desk's HTTP APIs as one of the demo people (whose password is their user id). */
public class ApiClient {

  static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
      new ParameterizedTypeReference<>() {};
  static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
      new ParameterizedTypeReference<>() {};

  private final TestRestTemplate rest;

  public ApiClient(TestRestTemplate rest) {
    this.rest = rest;
  }

  /** A call whose answer is a JSON object (or nothing). */
  public ResponseEntity<Map<String, Object>> call(
      String user, HttpMethod method, String path, Object body) {
    HttpEntity<?> entity =
        body == null ? null : body instanceof HttpEntity<?> given ? given : new HttpEntity<>(body);
    return rest.withBasicAuth(user, user).exchange(path, method, entity, JSON_OBJECT);
  }

  /** A GET whose answer is a JSON array. */
  public List<Map<String, Object>> list(String user, String path) {
    return rest.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null, JSON_LIST).getBody();
  }

  /** Values in the engine REST API's variable format. */
  public static Map<String, Object> variables(Map<String, Object> values) {
    var variables = new LinkedHashMap<String, Object>();
    values.forEach((name, value) -> variables.put(name, Map.of("value", value)));
    return variables;
  }
}
