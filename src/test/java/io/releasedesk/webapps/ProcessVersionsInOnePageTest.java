package io.releasedesk.webapps;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Cockpit's unpaged list of a process's versions becomes a first page as large as the engine's limit; nothing else. */
class ProcessVersionsInOnePageTest {

  static final String VERSIONS = "/camunda/api/engine/engine/default/process-definition";

  final ProcessVersionsInOnePage filter = new ProcessVersionsInOnePage(() -> 2000);

  @Test
  void cockpitsUnpagedVersionsListIsReadAsItsFirstPage() throws Exception {
    HttpServletRequest passed = pass("GET", VERSIONS, "key=release&sortBy=version&sortOrder=desc");

    assertThat(passed.getQueryString())
        .isEqualTo("key=release&sortBy=version&sortOrder=desc&firstResult=0&maxResults=2000");
    assertThat(passed.getParameter("maxResults")).isEqualTo("2000");
    assertThat(passed.getParameter("key")).isEqualTo("release");
  }

  @Test
  void aPagedListOrAnotherCallIsLeftAsItIs() throws Exception {
    assertThat(pass("GET", VERSIONS, "key=release&maxResults=5").getQueryString())
        .isEqualTo("key=release&maxResults=5");
    assertThat(pass("GET", VERSIONS, "key=release&firstResult=0").getQueryString())
        .isEqualTo("key=release&firstResult=0");
    assertThat(
            pass("GET", "/camunda/api/engine/engine/default/task", "assignee=rita")
                .getQueryString())
        .isEqualTo("assignee=rita");
    assertThat(pass("POST", VERSIONS, "key=release").getQueryString()).isEqualTo("key=release");
  }

  private HttpServletRequest pass(String method, String path, String query) throws Exception {
    var request = new MockHttpServletRequest(method, path);
    request.setQueryString(query);
    for (String pair : query.split("&")) {
      String[] nameAndValue = pair.split("=", 2);
      request.addParameter(nameAndValue[0], nameAndValue[1]);
    }
    var chain = new MockFilterChain();
    filter.doFilter(request, new MockHttpServletResponse(), chain);
    return (HttpServletRequest) chain.getRequest();
  }
}
