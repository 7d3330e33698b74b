package io.releasedesk.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The answer during a database outage for requests that fail before an API answers them: checking the caller's
 * password or session against the engine's identity service (HTTP Basic on {@code /api} and {@code /engine-rest}, the
 * webapps' login and session) happens in filters, where neither {@link EngineRestErrors} nor Release Desk's API error
 * handling sees the failure, and the servlet container would answer 500. Here it is 503 with {@code Retry-After} and
 * {@link DatabaseUnavailableException#MESSAGE}, in the engine REST API's shape ({@code type}, {@code message}) on its
 * paths and as a problem detail elsewhere. Any other failure passes through untouched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class DatabaseOutageAnswers extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageAnswers.class);

  private final ObjectMapper json;

  public DatabaseOutageAnswers(ObjectMapper json) {
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | RuntimeException failure) {
      Optional<DatabaseUnavailableException> unavailable = DatabaseUnavailableException.of(failure);
      if (unavailable.isEmpty() || response.isCommitted()) {
        throw failure;
      }
      LOG.warn(
          "{} {} answered 503: {}",
          request.getMethod(),
          request.getRequestURI(),
          unavailable.get().getMessage());
      LOG.debug("The database could not be reached", failure);
      response.resetBuffer();
      response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
      response.setHeader(
          HttpHeaders.RETRY_AFTER,
          String.valueOf(DatabaseUnavailableException.RETRY_AFTER_SECONDS));
      var body = new LinkedHashMap<String, Object>();
      String path = request.getRequestURI().substring(request.getContextPath().length());
      if (path.startsWith("/engine-rest/") || path.startsWith("/camunda/api/")) {
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        body.put("type", DatabaseUnavailableException.class.getSimpleName());
        body.put("message", DatabaseUnavailableException.MESSAGE);
      } else {
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        body.put("type", "about:blank");
        body.put("title", HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase());
        body.put("status", HttpStatus.SERVICE_UNAVAILABLE.value());
        body.put("detail", DatabaseUnavailableException.MESSAGE);
        body.put("instance", path);
      }
      json.writeValue(response.getOutputStream(), body);
    }
  }
}
