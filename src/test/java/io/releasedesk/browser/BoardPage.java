package io.releasedesk.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Release Desk's release board (/board/) in headless Chromium, reached the way a person gets there: log in to Tasklist,
 * then "Releases" in Tasklist's header. Rows, filters and links are found by the classes board.js gives them.
 */
final class BoardPage extends CamundaWebapp {

  /** Opens Tasklist with a 1440x900 view, as a new visitor (fresh browser profile, not logged in). */
  static BoardPage open(String baseUrl) {
    return new BoardPage(baseUrl + "/camunda/app/tasklist/");
  }

  /** Opens Cockpit with a 1440x900 view, as a new visitor. */
  static BoardPage openCockpit(String baseUrl) {
    return new BoardPage(baseUrl + "/camunda/app/cockpit/");
  }

  private BoardPage(String url) {
    super(url, 1440, 900);
  }

  /** Logs in to Tasklist and follows "Releases" in its header to the board. */
  void logInAndOpenFromTasklist(String user, String password) {
    submitLogin(user, password);
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.releasedesk-board-link")))
        .click();
    waitForBoard();
  }

  /** Logs in to Cockpit and follows "Releases" in its navigation to the board. */
  void logInAndOpenFromCockpit(String user, String password) {
    submitLogin(user, password);
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.releasedesk-board-link")))
        .click();
    waitForBoard();
  }

  String currentUrl() {
    return driver.getCurrentUrl();
  }

  /** The releases listed, top to bottom. */
  List<String> releaseKeys() {
    return rows().stream().map(row -> row.getDomAttribute("data-release")).toList();
  }

  /** The cells of a release's row as a person reads them: release, phase, waiting on, target, risk, candidate, outcome. */
  List<String> cells(String releaseKey) {
    return row(releaseKey).findElements(By.xpath("./td")).stream()
        .limit(7)
        .map(cell -> cell.getText().strip())
        .toList();
  }

  /** Chooses an option of the filter with this label ("all" clears it) and waits for the board to reload. */
  void filter(String label, String option) {
    new Select(
            driver.findElement(
                By.xpath("//label[normalize-space(text()[1])='" + label + "']/select")))
        .selectByVisibleText(option);
    waitForBoard();
  }

  String count() {
    return driver.findElement(By.cssSelector(".rd-count")).getText();
  }

  /** Opens the row's timeline and returns what it shows once loaded. */
  String timeline(String releaseKey) {
    row(releaseKey).findElement(By.cssSelector(".rd-show-timeline")).click();
    WebElement timeline =
        wait.until(
            d ->
                row(releaseKey)
                    .findElement(
                        By.xpath(
                            "following-sibling::tr[1][contains(@class,'rd-timeline')]/td[@aria-busy='false']")));
    return timeline.getText();
  }

  /** The addresses the page fetched, in order. */
  @SuppressWarnings("unchecked")
  List<String> fetched() {
    return (List<String>)
        driver.executeScript(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; });");
  }

  String link(String releaseKey, String cssClass) {
    return row(releaseKey).findElement(By.cssSelector("a." + cssClass)).getDomProperty("href");
  }

  /** Follows the row's "Open task" link into Tasklist and returns the task's title there. */
  String openTaskInTasklist(String releaseKey) {
    row(releaseKey).findElement(By.cssSelector("a.rd-open-task")).click();
    return wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[cam-tasklist-task] h2")))
        .getText();
  }

  /** Follows the row's "In Cockpit" link and waits for the instance's page, which names its business key. */
  void openInCockpit(String releaseKey) {
    row(releaseKey).findElement(By.cssSelector("a.rd-cockpit")).click();
    wait.until(d -> d.getCurrentUrl().contains("/cockpit/default/#/process-instance/"));
    wait.until(d -> d.findElement(By.tagName("body")).getText().contains(releaseKey));
  }

  /** Opens the board again (Tasklist's own navigation makes the browser's Back button unreliable here). */
  void reopen() {
    driver.get(java.net.URI.create(driver.getCurrentUrl()).resolve("/board/").toString());
    waitForBoard();
  }

  private void waitForBoard() {
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#board[aria-busy=false]")));
  }

  private List<WebElement> rows() {
    return driver.findElements(By.cssSelector("tr.rd-release"));
  }

  private WebElement row(String releaseKey) {
    return wait.until(
        d ->
            rows().stream()
                .filter(row -> releaseKey.equals(row.getDomAttribute("data-release")))
                .findFirst()
                .orElse(null));
  }
}
