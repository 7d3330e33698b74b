package io.releasedesk.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.support.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * A release viewer logged in to Cockpit opens an ended release's evidence pack, in a real (headless) browser: in the
 * "Finished instances" tab (scripts/finished-instances.js) the expanded release shows its pack and offers it as a
 * download, and the release board links it; both are the document Release Desk's API gives with HTTP Basic, for the
 * release the row names although its key was requested again. With the same session the viewer changes nothing.
 *
 * <p>Skipped without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}. Screenshots go to
 * {@code target/browser-tests/}: the opened pack on every run, the page of a failed test.
 */
@BrowserTest
class EvidencePackBrowserTest extends BrowserTestSupport {

  /** A release viewer: reads every release, changes none. */
  static final String VIEWER = "mona";

  static final String KEY = "inventory@8.2.0";

  @TempDir Path downloads;

  Cockpit cockpit;

  @Test
  void aViewerOpensAndDownloadsTheEvidencePackOfAnEndedReleaseAndChangesNothing()
      throws IOException {
    // given: Rita requested inventory 8.2.0 and cancelled it; then she requested it again, and
    // that release runs
    request();
    cancel(KEY, "Supplier API not ready");
    String ended = awaitEndedRelease();
    request();
    String running = runningRelease(KEY);
    String pack = packByApi(ended);
    assertThat(pack).contains("# Evidence pack: " + KEY).contains("Supplier API not ready");

    // when: Mona opens the Release process in Cockpit, its "Finished instances" tab, the ended
    // release and its evidence pack
    cockpit = cockpitAs(VIEWER);
    cockpit.openProcess("Release");
    cockpit.openTab("Finished instances");
    cockpit.expand(KEY);
    WebElement evidence =
        cockpit.driver.findElement(By.cssSelector(".rd-history-row:not([hidden]) .rd-evidence"));
    evidence.findElement(By.tagName("summary")).click();
    WebElement body = evidence.findElement(By.cssSelector(".rd-evidence-body"));
    cockpit.wait.until(d -> "false".equals(body.getDomAttribute("aria-busy")));
    cockpit.maximizeTabs();
    cockpit.screenshot(SCREENSHOTS.resolve("cockpit-evidence-pack.png"));

    // then: the page shows the pack of the ended release, exactly as the API gives it, as text
    assertThat(body.findElements(By.cssSelector(".rd-evidence-refused"))).isEmpty();
    assertThat(
            body.findElement(By.cssSelector("pre.rd-evidence-text")).getDomProperty("textContent"))
        .isEqualTo(pack);

    // and its link downloads the same document as <key>-evidence.md
    cockpit.driver.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
    evidence.findElement(By.cssSelector("a.rd-evidence-download")).click();
    Path file = downloads.resolve(KEY + "-evidence.md");
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(file));
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(pack);

    // when: she opens the release board with the same login
    cockpit.driver.get(baseUrl() + "/board/");
    cockpit.wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#board[aria-busy=false]")));

    // then: of the two releases of the key, the ended one links its pack, and the link reads it
    List<WebElement> links =
        cockpit.driver.findElements(
            By.cssSelector("tr.rd-release[data-release='" + KEY + "'] a.rd-evidence"));
    assertThat(
            cockpit.driver.findElements(
                By.cssSelector("tr.rd-release[data-release='" + KEY + "']")))
        .hasSize(2);
    assertThat(links)
        .singleElement()
        .satisfies(link -> assertThat(link.getText()).isEqualTo("Evidence pack"));
    String href = links.get(0).getDomAttribute("href");
    assertThat(href).endsWith("processInstanceId=" + ended);
    assertThat(fetchInPage("GET", href)).isEqualTo(List.of(200L, pack));

    // and with this session she changes nothing: neither the pack nor the running release
    assertThat(fetchInPage("POST", href).get(0)).isEqualTo(401L);
    assertThat(fetchInPage("DELETE", href).get(0)).isEqualTo(401L);
    assertThat(fetchInPage("POST", "/api/releases/" + KEY + "/cancel").get(0)).isEqualTo(401L);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(running).count())
        .isEqualTo(1);
    assertThat(packByApi(ended)).isEqualTo(pack);
  }

  /**
   * A call from the page with its session, as the page's own scripts call: the status and the text of the answer.
   */
  @SuppressWarnings("unchecked")
  private List<Object> fetchInPage(String method, String path) {
    return (List<Object>)
        cockpit.driver.executeAsyncScript(
            """
            const done = arguments[arguments.length - 1];
            fetch(arguments[1], {
              method: arguments[0],
              credentials: 'same-origin',
              headers: { 'X-Requested-With': 'XMLHttpRequest', 'Content-Type': 'application/json' },
              body: arguments[0] === 'GET' ? undefined : '{"reason": "from the page"}',
            }).then(async (response) => done([response.status, await response.text()]),
                    (error) => done([0, String(error)]));""",
            method,
            path);
  }

  private String packByApi(String processInstanceId) {
    var answer =
        api()
            .text(
                VIEWER,
                "/api/releases/" + KEY + "/evidence?processInstanceId=" + processInstanceId);
    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }

  /** Rita requests inventory 8.2.0; it waits for its plan. */
  private void request() {
    // the cancelled release frees its key as it is recorded; a new request may come a moment later
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api()
                    .call(
                        REQUESTER,
                        HttpMethod.POST,
                        "/api/releases",
                        ApiClient.releaseRequest(
                            "inventory", "8.2.0", "Stock reservations for marketplace orders"))
                    .getStatusCode(),
            status -> status == HttpStatus.CREATED);
    taskOf(KEY, ReleaseProcess.Elements.TASK_PLAN_RELEASE);
  }

  /** The id of the ended release of the key, once its pack is frozen. */
  private String awaitEndedRelease() {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                historyService
                    .createHistoricProcessInstanceQuery()
                    .processInstanceBusinessKey(KEY)
                    .finished()
                    .listPage(0, 10)
                    .stream()
                    .findFirst()
                    .map(release -> release.getId())
                    .orElse(null),
            id -> id != null);
  }
}
