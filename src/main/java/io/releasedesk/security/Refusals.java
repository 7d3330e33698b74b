package io.releasedesk.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

/**
 * Refusals answered by Release Desk's servlet filters, in the shape of the engine REST API's own errors
 * ({@code {"type": ..., "message": ...}}), so that clients of both APIs read them alike.
 */
final class Refusals {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Refusals() {}

  static void send(HttpServletResponse response, int status, String type, String message)
      throws IOException {
    var body = new LinkedHashMap<String, Object>();
    body.put("type", type);
    body.put("message", message);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(JSON.writeValueAsString(body));
  }
}
