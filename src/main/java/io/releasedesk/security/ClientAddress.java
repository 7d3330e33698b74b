package io.releasedesk.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The address of the client of the HTTP request being served, for code that has no request at hand (the engine's
 * identity service). Set for the length of each request, before any other filter; trusted code outside a request
 * has none.
 */
class ClientAddress extends OncePerRequestFilter {

  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  static Optional<String> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    CURRENT.set(request.getRemoteAddr());
    try {
      chain.doFilter(request, response);
    } finally {
      CURRENT.remove();
    }
  }
}
