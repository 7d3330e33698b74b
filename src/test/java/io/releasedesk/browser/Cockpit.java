package io.releasedesk.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * Camunda Cockpit in headless Chromium (the browser and driver {@link Tasklist} finds): log in, open a process
 * definition from the list of processes, open a tab, and read Release Desk's "Finished instances" tab
 * (scripts/finished-instances.js). Cockpit's own selectors are those of Cockpit 7.24; the tab's are its classes
 * ({@code rd-…}) and its {@code aria-busy} flag, which is {@code false} once the data is shown.
 */
final class Cockpit implements AutoCloseable {

  /** Generous: the first Cockpit page load is slow on a busy two-core machine. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ChromeDriver driver;
  private final Path profile;
  private final WebDriverWait wait;

  /** Opens Cockpit with a 1600x900 view, as a new visitor (fresh browser profile, not logged in). */
  static Cockpit open(String baseUrl) {
    // Selenium warns that it has no DevTools bindings for this Chromium version; nothing here uses DevTools
    Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder").setLevel(Level.SEVERE);
    Path profile;
    try {
      profile = Files.createTempDirectory("releasedesk-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var options = new ChromeOptions()
        .setBinary(Tasklist.CHROMIUM.toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-dev-shm-usage", "--user-data-dir=" + profile);
    var service = new ChromeDriverService.Builder().usingDriverExecutable(Tasklist.CHROMEDRIVER.toFile()).build();
    var cockpit = new Cockpit(new ChromeDriver(service, options), profile);
    cockpit.viewport(1600, 900);
    cockpit.driver.get(baseUrl + "/camunda/app/cockpit/");
    return cockpit;
  }

  private Cockpit(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
    this.wait = new WebDriverWait(driver, TIMEOUT);
    wait.ignoring(StaleElementReferenceException.class);
  }

  /** Logs in on Cockpit's login form and waits for the header's "Processes" link. */
  void logIn(String user, String password) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model=username]")))
        .sendKeys(user);
    driver.findElement(By.cssSelector("input[ng-model=password]")).sendKeys(password);
    driver.findElement(By.cssSelector("form[name=signinForm] button[type=submit]")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".Header a[href='#/processes']")));
  }

  /** Processes (header) → the process definition with this name in the list. */
  void openProcess(String name) {
    driver.findElement(By.cssSelector(".Header a[href='#/processes']")).click();
    wait.until(d -> d.findElements(By.cssSelector("a[href^='#/process-definition/']")).stream()
        .filter(link -> link.getText().strip().equals(name))
        .findFirst().orElse(null)).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ctn-tabbed ul.nav-tabs")));
  }

  /** The labels of the process definition page's tabs, left to right. */
  List<String> tabs() {
    return driver.findElements(By.cssSelector(".ctn-tabbed ul.nav-tabs li a")).stream()
        .map(link -> link.getText().strip())
        .toList();
  }

  /** Clicks the tab with this label and waits until it is the selected one. */
  void openTab(String label) {
    By tab = By.xpath("//div[contains(@class,'ctn-tabbed')]//ul[contains(@class,'nav-tabs')]/li[a[normalize-space()='"
        + label + "']]");
    wait.until(ExpectedConditions.elementToBeClickable(tab)).findElement(By.tagName("a")).click();
    wait.until(d -> d.findElement(tab).getDomAttribute("class").contains("active"));
  }

  /** Gives the tabs the whole height (Cockpit's "Show tabs" arrow, which hides the diagram), as for a screenshot. */
  void maximizeTabs() {
    driver.findElement(By.cssSelector("a.hide-collapsable.vertical-collapse[title='Show tabs']")).click();
    // Cockpit slides the tabs up: wait until they stand still
    WebElement tabs = driver.findElement(By.cssSelector(".ctn-tabbed"));
    var lastTop = new AtomicInteger(-1);
    new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(250)).until(d -> {
      int top = tabs.getLocation().getY();
      return lastTop.getAndSet(top) == top;
    });
  }

  /** The business keys the "Finished instances" tab lists on its current page, top to bottom. */
  List<String> finishedInstances() {
    waitForFinishedInstances();
    return driver.findElements(By.cssSelector(".rd-finished tr.rd-instance .rd-business-key")).stream()
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

  void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      FileSystemUtils.deleteRecursively(profile.toFile());
    }
  }

  private void waitForFinishedInstances() {
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".rd-finished[aria-busy=false]")));
  }

  private WebElement instanceRow(String businessKey) {
    waitForFinishedInstances();
    return wait.until(d -> d.findElements(By.cssSelector(".rd-finished tr.rd-instance")).stream()
        .filter(row -> row.findElement(By.cssSelector(".rd-business-key")).getText().strip().endsWith(businessKey))
        .findFirst().orElse(null));
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

  /** Sizes the window so that the page itself (not the window) is width x height, as screenshots show it. */
  private void viewport(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    Number chrome = (Number) driver.executeScript("return window.outerHeight - window.innerHeight");
    driver.manage().window().setSize(new Dimension(width, height + chrome.intValue()));
  }
}
