package io.releasedesk.webapps;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cockpit's process page lists the versions of the process it shows by asking the engine for every definition of the
 * key ({@code GET …/process-definition?key=…&sortBy=version&sortOrder=desc}, twice per load) without a page, which
 * the engine refuses ("An unbound number of results is forbidden!", its query limit) and Cockpit reports as two
 * errors. On the webapps' own engine API only, such a list without a page is read as its first page, as large as
 * the engine's limit: Cockpit gets the versions (far fewer than the limit), and the limit itself holds as before.
 * The engine REST API for clients ({@code /engine-rest}) is left alone: there an unpaged list is still refused.
 */
class ProcessVersionsInOnePage extends OncePerRequestFilter {

  static final String FIRST_RESULT = "firstResult";
  static final String MAX_RESULTS = "maxResults";

  private final IntSupplier queryLimit;

  ProcessVersionsInOnePage(IntSupplier queryLimit) {
    this.queryLimit = queryLimit;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean unpagedList =
        "GET".equals(request.getMethod())
            && request.getRequestURI().endsWith("/process-definition")
            && request.getParameter(FIRST_RESULT) == null
            && request.getParameter(MAX_RESULTS) == null;
    chain.doFilter(unpagedList ? new FirstPage(request, queryLimit.getAsInt()) : request, response);
  }

  /** The request with {@code firstResult=0&maxResults=<limit>} added. */
  private static final class FirstPage extends HttpServletRequestWrapper {

    private final Map<String, String[]> parameters;
    private final String page;

    FirstPage(HttpServletRequest request, int limit) {
      super(request);
      this.parameters = new LinkedHashMap<>(request.getParameterMap());
      parameters.put(FIRST_RESULT, new String[] {"0"});
      parameters.put(MAX_RESULTS, new String[] {Integer.toString(limit)});
      this.page = FIRST_RESULT + "=0&" + MAX_RESULTS + "=" + limit;
    }

    @Override
    public String getQueryString() {
      String query = super.getQueryString();
      return query == null || query.isEmpty() ? page : query + "&" + page;
    }

    @Override
    public String getParameter(String name) {
      String[] values = parameters.get(name);
      return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      return Collections.unmodifiableMap(parameters);
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
      return parameters.get(name);
    }
  }
}
