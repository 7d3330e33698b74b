package io.releasedesk.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Camunda Cockpit in headless Chromium : log in, open a process
 * definition from the list of processes, open a tab, and read Release Desk's "Finished instances" tab
 * (scripts/finished-instances.js). Cockpit's own selectors are those of Cockpit 7.24; the tab's are its classes
 * ({@code rd-…}) and its {@code aria-busy} flag, which is {@code false} once the data is shown.
 */
final class Cockpit extends CamundaWebapp {

  /** Opens Cockpit with a 1600x900 view, as a new visitor (fresh browser profile, not logged in). */
  static Cockpit open(String baseUrl) {
    return new Cockpit(baseUrl + "/camunda/app/cockpit/");
  }

  private Cockpit(String url) {
    super(url, 1600, 900);
    wait.ignoring(StaleElementReferenceException.class);
  }

  /**
   * From now on, remembers every request of the page that the server answers with an error (4xx, 5xx), as the
   * browser's network log shows them to a person looking; reloads the page so that its first requests are seen too.
   */
  void recordFailedRequests() {
    driver.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of(
            "source",
            """
        window.releaseDeskFailedRequests = [];
        const open = XMLHttpRequest.prototype.open;
        XMLHttpRequest.prototype.open = function (method, url) {
          this.addEventListener('loadend', () => {
            if (this.status >= 400) {
              window.releaseDeskFailedRequests.push(`${this.status} ${method} ${url}: ${this.responseText}`);
            }
          });
          return open.apply(this, arguments);
        };"""));
    driver.navigate().refresh();
  }

  /** The requests answered with an error since {@link #recordFailedRequests()} (on the current page). */
  @SuppressWarnings("unchecked")
  List<String> failedRequests() {
    return (List<String>) driver.executeScript("return window.releaseDeskFailedRequests || []");
  }

  /** Waits until the process page's "Process Instances" tab lists the running instances. */
  void waitForProcessInstances() {
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(".ctn-tabbed a[href*='/process-instance/']")));
  }

  /** Opens the page of a running process instance (its runtime view) and waits for its Variables tab. */
  void openProcessInstance(String processInstanceId) {
    driver.get(
        driver.getCurrentUrl().replaceFirst("#.*$", "")
            + "#/process-instance/"
            + processInstanceId
            + "/runtime?tab=variables-tab");
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ctn-tabbed ul.nav-tabs")));
    wait.until(d -> !d.findElements(By.xpath("//td[normalize-space()='service']")).isEmpty());
  }

  /**
   * The buttons and links a person can see that would change a process instance or definition: the action bar's
   * cancel, suspend and add variable, and the edit and delete buttons of the variables table.
   */
  List<String> changeActionsShown() {
    // Cockpit 7.24 names its action buttons only by their tooltips; variables are edited from the
    // table's actions
    return driver
        .findElements(
            By.cssSelector(
                "a.btn-toolbar[uib-tooltip], a.action-button[uib-tooltip],"
                    + " [cam-widget-variables-table] td.actions button"))
        .stream()
        .filter(WebElement::isDisplayed)
        .map(element -> element.getDomAttribute("uib-tooltip"))
        .filter(tooltip -> tooltip != null && !tooltip.startsWith("Click to copy"))
        .distinct()
        .toList();
  }

  /** The messages Cockpit shows in its notification panel (errors, for example). */
  List<String> notifications() {
    return driver
        .findElements(By.cssSelector("[notifications-panel] .alert, .notifications-panel .alert"))
        .stream()
        .map(element -> element.getText().strip())
        .filter(text -> !text.isEmpty())
        .toList();
  }

  /** Logs in on Cockpit's login form and waits for the header's "Processes" link. */
  void logIn(String user, String password) {
    submitLogin(user, password);
    wait.until(
        ExpectedConditions.elementToBeClickable(By.cssSelector(".Header a[href='#/processes']")));
  }

  /** Processes (header) → the process definition with this name in the list. */
  void openProcess(String name) {
    driver.findElement(By.cssSelector(".Header a[href='#/processes']")).click();
    wait.until(
            d ->
                d.findElements(By.cssSelector("a[href^='#/process-definition/']")).stream()
                    .filter(link -> link.getText().strip().equals(name))
                    .findFirst()
                    .orElse(null))
        .click();
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ctn-tabbed ul.nav-tabs")));
  }

  /** The labels of the process definition page's tabs, left to right. */
  List<String> tabs() {
    return driver.findElements(By.cssSelector(".ctn-tabbed ul.nav-tabs li a")).stream()
        .map(link -> link.getText().strip())
        .toList();
  }

  /** Clicks the tab with this label and waits until it is the selected one. */
  void openTab(String label) {
    By tab =
        By.xpath(
            "//div[contains(@class,'ctn-tabbed')]//ul[contains(@class,'nav-tabs')]/li[a[normalize-space()='"
                + label
                + "']]");
    wait.until(ExpectedConditions.elementToBeClickable(tab)).findElement(By.tagName("a")).click();
    wait.until(d -> d.findElement(tab).getDomAttribute("class").contains("active"));
  }

  /** Gives the tabs the whole height (Cockpit's "Show tabs" arrow, which hides the diagram), as for a screenshot. */
  void maximizeTabs() {
    driver
        .findElement(By.cssSelector("a.hide-collapsable.vertical-collapse[title='Show tabs']"))
        .click();
    // Cockpit slides the tabs up: wait until they stand still
    WebElement tabs = driver.findElement(By.cssSelector(".ctn-tabbed"));
    var lastTop = new AtomicInteger(-1);
    new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(250))
        .until(
            d -> {
              int top = tabs.getLocation().getY();
              return lastTop.getAndSet(top) == top;
            });
  }

  /** The business keys the "Finished instances" tab lists on its current page, top to bottom. */
  List<String> finishedInstances() {
    waitForFinishedInstances();
    return driver
        .findElements(By.cssSelector(".rd-finished tr.rd-instance .rd-business-key"))
        .stream()
        .map(cell -> cell.getText().replaceFirst("^[▸▾]", "").strip())
        .toList();
  }

  /** The cells of a listed instance: business key, version, started, ended, outcome, started by. */
  List<String> finishedInstance(String businessKey) {
    return cells(instanceRow(businessKey)).stream()
        .map(cell -> cell.replaceFirst("^[▸▾]", "").strip())
        .toList();
  }

  /** Expands a listed instance and waits until its history is shown. */
  void expand(String businessKey) {
    instanceRow(businessKey).findElement(By.cssSelector(".rd-toggle")).click();
    wait.until(d -> historyOf(businessKey).getDomAttribute("aria-busy").equals("false"));
  }

  /**
   * A table of an expanded instance's history, as rows of cells: {@code rd-activities}, {@code rd-variables},
   * {@code rd-comments} or {@code rd-operations}. Empty when the history has none.
   */
  List<List<String>> history(String businessKey, String section) {
    return historyOf(businessKey).findElements(By.cssSelector("." + section + " tbody tr")).stream()
        .map(Cockpit::cells)
        .toList();
  }

  /** All text of an expanded instance's history (or the error it shows instead). */
  String historyText(String businessKey) {
    return historyOf(businessKey).getText();
  }

  private void waitForFinishedInstances() {
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(".rd-finished[aria-busy=false]")));
  }

  private WebElement instanceRow(String businessKey) {
    waitForFinishedInstances();
    return wait.until(
        d ->
            d.findElements(By.cssSelector(".rd-finished tr.rd-instance")).stream()
                .filter(
                    row ->
                        row.findElement(By.cssSelector(".rd-business-key"))
                            .getText()
                            .strip()
                            .endsWith(businessKey))
                .findFirst()
                .orElse(null));
  }

  /** The history row follows its instance's row. */
  private WebElement historyOf(String businessKey) {
    return instanceRow(businessKey)
        .findElement(By.xpath("following-sibling::tr[1][contains(@class,'rd-history-row')]"))
        .findElement(By.cssSelector(".rd-history"));
  }

  private static List<String> cells(WebElement row) {
    return row.findElements(By.xpath("./td")).stream().map(cell -> cell.getText().strip()).toList();
  }
}
