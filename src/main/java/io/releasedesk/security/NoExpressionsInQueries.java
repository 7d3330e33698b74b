package io.releasedesk.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, with 400, every query a client sends to the engine (the engine REST API and the webapps' engine API) that
 * carries an expression, before the engine sees it. The engine would evaluate it, and an expression can call any
 * class or bean: whoever sends one runs code on the server. The engine's own switch
 * ({@code enable-expressions-in-adhoc-queries: false}) misses expressions inside {@code orQueries}.
 *
 * <p>An expression is any text containing {@code ${} or {@code #{}, and any value of a parameter or field whose name
 * ends in {@code Expression}. Inspected are:
 * <ul>
 *   <li>the URL parameters of every request;
 *   <li>the whole JSON body of the POST queries (task, process instance, execution, variable, job, external task,
 *       group, history... lists and counts, and a filter's list, count and single result), at any depth:
 *       {@code orQueries}, {@code sorting}, arrays;
 *   <li>the {@code query} of a filter being created or changed: stored queries are evaluated whenever the filter
 *       runs. Only the engine's internal context functions for "the current user", "their groups" and dates are
 *       kept there ({@code ${currentUser()}}, {@code ${currentUserGroups()}}, {@code ${now()}},
 *       {@code ${dateTime()...}}), written exactly so;
 *   <li>the queries a command carries at the top of its JSON body ({@code processInstanceQuery},
 *       {@code historicProcessInstanceQuery}...).
 * </ul>
 * Nothing else of a body is inspected: task forms, variables, comments and messages may hold any text, {@code ${}
 * included.
 */
class NoExpressionsInQueries extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(NoExpressionsInQueries.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A path below the engine API after the optional {@code /engine/{name}}. */
  private static final Pattern ENGINE_PREFIX = Pattern.compile("^/engine/[^/]+");

  private static final Pattern POST_QUERY =
      Pattern.compile(
          "(task|process-instance|execution|variable-instance|external-task|job|job-definition|group|case-instance"
              + "|case-execution|schema/log|history/(activity-instance|case-instance|detail|external-task-log|job-log"
              + "|process-instance|task|variable-instance))(/count)?"
              + "|filter/[^/]+/(list|count|singleResult)");
  private static final Pattern FILTER_SAVE = Pattern.compile("filter/create|filter/[^/]+");

  /** The engine's internal context functions for task queries (Camunda manual, "Expression Language"). */
  private static final Pattern STORED_QUERY_FUNCTION =
      Pattern.compile(
          "\\$\\{(currentUser\\(\\)"
              + "|currentUserGroups\\(\\)|now\\(\\)|dateTime\\(\\)((\\.(plus|minus)(Years|Months|Weeks|Days|Hours|Minutes"
              + "|Seconds)\\(\\d{1,5}\\))|\\.withTimeAtStartOfDay\\(\\))*(\\.toDate\\(\\))?)}");

  static final String MESSAGE =
      "Expressions are forbidden in adhoc queries: a client's query may not carry one";

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> inParameters = expressionInParameters(request.getQueryString());
    if (inParameters.isPresent()) {
      refuse(request, response, inParameters.get());
      return;
    }
    if (!hasJsonBody(request)) {
      chain.doFilter(request, response);
      return;
    }
    var cached = new CachedBodyRequest(request);
    String text = cached.text();
    if (!text.isBlank()) {
      JsonNode body;
      try {
        body = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        Refusals.send(
            response,
            HttpServletResponse.SC_BAD_REQUEST,
            "InvalidRequestException",
            "The request body is not valid JSON");
        return;
      }
      Optional<String> inBody = expressionInBody(request.getMethod(), enginePath(request), body);
      if (inBody.isPresent()) {
        refuse(request, response, inBody.get());
        return;
      }
    }
    chain.doFilter(cached, response);
  }

  private static Optional<String> expressionInParameters(String queryString) {
    if (queryString == null) {
      return Optional.empty();
    }
    for (String parameter : queryString.split("&")) {
      int equals = parameter.indexOf('=');
      String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
      String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
      if (isExpression(name)
          || isExpression(value)
          || (name.endsWith("Expression") && !value.isEmpty())) {
        return Optional.of("parameter " + name);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> expressionInBody(String method, String path, JsonNode body) {
    if ("POST".equals(method) && POST_QUERY.matcher(path).matches()) {
      return find(body, "body", false);
    }
    if (("POST".equals(method) || "PUT".equals(method))
        && FILTER_SAVE.matcher(path).matches()
        && body.has("query")) {
      return find(body.get("query"), "query", true);
    }
    if (body.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
        var field = fields.next();
        if (field.getKey().endsWith("Query") || field.getKey().endsWith("Queries")) {
          Optional<String> found = find(field.getValue(), field.getKey(), false);
          if (found.isPresent()) {
            return found;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Where in {@code node} an expression is, if anywhere. */
  private static Optional<String> find(JsonNode node, String where, boolean stored) {
    if (node.isTextual()) {
      String text = node.asText();
      boolean allowed = stored && STORED_QUERY_FUNCTION.matcher(text).matches();
      return isExpression(text) && !allowed ? Optional.of(where) : Optional.empty();
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        Optional<String> found = find(node.get(i), where + "[" + i + "]", stored);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        var field = fields.next();
        String name = field.getKey();
        JsonNode value = field.getValue();
        String at = where + "." + name;
        boolean allowed =
            stored && value.isTextual() && STORED_QUERY_FUNCTION.matcher(value.asText()).matches();
        if (isExpression(name) || (name.endsWith("Expression") && !value.isNull() && !allowed)) {
          return Optional.of(at);
        }
        Optional<String> found = find(value, at, stored);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isExpression(String text) {
    return text.contains("${") || text.contains("#{");
  }

  private static boolean hasJsonBody(HttpServletRequest request) {
    String contentType = request.getContentType();
    if (contentType == null || "GET".equals(request.getMethod())) {
      return false;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return MediaType.APPLICATION_JSON.isCompatibleWith(type)
          || type.getSubtype().endsWith("+json");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The path below the engine, e.g. {@code task/count}, whichever API and engine name. */
  private static String enginePath(HttpServletRequest request) {
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    path = ENGINE_PREFIX.matcher(path).replaceFirst("");
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static void refuse(HttpServletRequest request, HttpServletResponse response, String where)
      throws IOException {
    LOG.warn(
        "Refused a query with an expression in {} from {}: {} {}",
        where,
        request.getRemoteAddr(),
        request.getMethod(),
        request.getRequestURI());
    Refusals.send(
        response,
        HttpServletResponse.SC_BAD_REQUEST,
        "InvalidRequestException",
        MESSAGE + " (" + where + ")");
  }
}
