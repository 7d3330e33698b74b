package io.releasedesk.deployment;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why an HTTP request to a webhook or health URL got no answer, in words an operator can act on: connection refused,
 * timed out after how long, unknown host, TLS failure. The HTTP client's own message often says only "I/O error on
 * POST request for …: null".
 */
final class NoAnswer {

  private NoAnswer() {}

  /**
   * @param failure what the HTTP client threw
   * @param url the address asked
   * @param waited how long the request took until it failed
   */
  static String describe(Throwable failure, URI url, Duration waited) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpConnectTimeoutException) {
        return "no connection to "
            + url.getHost()
            + " within "
            + seconds(waited)
            + " (connect timeout)";
      }
      if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
        return "timed out after " + seconds(waited) + " without an answer";
      }
      if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
        return "unknown host " + url.getHost();
      }
      if (cause instanceof SSLException) {
        return "TLS failure with " + url.getHost() + ": " + cause.getMessage();
      }
      if (cause instanceof NoRouteToHostException) {
        return "no route to host " + url.getHost();
      }
      if (cause instanceof EOFException) {
        return "connection closed by " + url.getHost() + " without an answer";
      }
      if (cause instanceof SocketException
          && String.valueOf(cause.getMessage()).contains("reset")) {
        return "connection reset by " + url.getHost();
      }
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return "connection refused by " + url.getHost() + ":" + port(url);
      }
    }
    Throwable innermost = failure;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    String message = innermost.getMessage();
    return innermost.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static int port(URI url) {
    if (url.getPort() != -1) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  private static String seconds(Duration waited) {
    return String.format(Locale.ROOT, "%.1f s", waited.toMillis() / 1000.0);
  }
}
