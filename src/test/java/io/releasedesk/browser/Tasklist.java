package io.releasedesk.browser;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * Camunda Tasklist in headless Chromium, driven the way a person uses it: log in, pick a filter, open a task, claim
 * it, fill its Camunda Form, complete it. Elements are found by what a person sees (labels, names) where Tasklist
 * allows it; the selectors are those of Tasklist 7.24 and form-js.
 *
 * <p>Uses the Chromium and ChromeDriver installed on the machine, never Selenium Manager (no downloads).
 */
final class Tasklist implements AutoCloseable {

  static final Path CHROMIUM = Path.of(System.getProperty("releasedesk.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
  /** CI sets this to {@code required}: there a missing browser is a failure, not a reason to skip. */
  static final String REQUIRED_VARIABLE = "RELEASEDESK_BROWSER_TESTS";

  /** Generous: the first Tasklist page load is slow on a busy two-core machine. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Selenium warns that it has no DevTools bindings for this Chromium version; the tests do not use DevTools. */
  private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  private final ChromeDriver driver;
  private final Path profile;
  private final WebDriverWait wait;

  /** Skips the calling tests when there is no browser, or fails them when {@value #REQUIRED_VARIABLE} requires one. */
  static void assumeBrowserInstalled() {
    boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    String message = "Browser tests need Chromium at " + CHROMIUM + " and ChromeDriver at " + CHROMEDRIVER
        + " (Debian/Ubuntu: apt-get install chromium chromium-driver)";
    if (!installed && "required".equalsIgnoreCase(System.getenv(REQUIRED_VARIABLE))) {
      fail(message + ", and " + REQUIRED_VARIABLE + "=required");
    }
    assumeTrue(installed, message + "; skipped. Set " + REQUIRED_VARIABLE + "=required to fail instead.");
  }

  /** Opens Tasklist with a 1280x900 view, as a new visitor (fresh browser profile, not logged in). */
  static Tasklist open(String baseUrl) {
    CDP_LOG.setLevel(Level.SEVERE);
    Path profile;
    try {
      profile = Files.createTempDirectory("releasedesk-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-dev-shm-usage", "--user-data-dir=" + profile);
    var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    var tasklist = new Tasklist(new ChromeDriver(service, options), profile);
    tasklist.viewport(1280, 900);
    tasklist.driver.get(baseUrl + "/camunda/app/tasklist/");
    return tasklist;
  }

  private Tasklist(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
    this.wait = new WebDriverWait(driver, TIMEOUT);
  }

  void logIn(String user, String password) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model=username]")))
        .sendKeys(user);
    driver.findElement(By.cssSelector("input[ng-model=password]")).sendKeys(password);
    driver.findElement(By.cssSelector("form[name=signinForm] button[type=submit]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".task-filter")));
  }

  /** Clicks a filter in the left column and waits until its tasks are listed. */
  void showFilter(String name) {
    filterLink(name).click();
    wait.until(d -> filterLink(name).findElement(By.xpath("ancestor::div[contains(@class,'task-filter')]"))
        .getDomAttribute("class").contains("active"));
    waitForTaskList();
  }

  /** The names of the task lists (filters) Tasklist offers, top to bottom. */
  List<String> filterNames() {
    wait.until(d -> !d.findElements(By.cssSelector(".task-filter h4.name a")).isEmpty());
    return driver.findElements(By.cssSelector(".task-filter h4.name a")).stream()
        .map(link -> link.getText().strip())
        .toList();
  }

  /** The number Tasklist shows next to the selected filter. */
  int selectedFilterCount() {
    String counter = driver.findElement(By.cssSelector(".task-filter.active .counter")).getText();
    return Integer.parseInt(counter.replaceAll("\\D", ""));
  }

  /** The names of the tasks in the task list, top to bottom. */
  List<String> taskNames() {
    waitForTaskList();
    return driver.findElements(By.cssSelector("ol.tasks-list li.task h4.task a")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** The text of the task card, as listed: name, process, and the filter's variable columns. */
  String taskCard(String taskId) {
    return taskLink(taskId).findElement(By.xpath("ancestor::li[contains(@class,'task')]")).getText();
  }

  /** Opens a listed task and waits until its Camunda Form is rendered. */
  void openTask(String taskId) {
    taskLink(taskId).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-form .fjs-form-field-text")));
  }

  /** The heading of the open task (its name). */
  String taskTitle() {
    return driver.findElement(By.cssSelector("[cam-tasklist-task] h2")).getText();
  }

  /** The first heading the form renders (a Camunda Forms text component). */
  String formHeading() {
    return driver.findElement(By.cssSelector(".fjs-form .fjs-form-field-text h1")).getText();
  }

  /** All text the form's text components render. */
  String formText() {
    return String.join("\n", driver.findElements(By.cssSelector(".fjs-form .fjs-form-field-text")).stream()
        .map(WebElement::getText)
        .toList());
  }

  /** Claims the open task; Tasklist enables the form only for the assignee. */
  void claim() {
    driver.findElement(By.cssSelector("button.claim")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.unclaim")));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".disabled-form")));
  }

  /** Picks the radio button (or ticks the checkbox) with this label. */
  void choose(String label) {
    WebElement option = field(label);
    option.click();
    wait.until(d -> field(label).isSelected());
  }

  /**
   * Types into the text, number or text area field with this label, replacing what is there. Leaves the field
   * (Tab), so that form-js, which debounces typing, takes the value before the next field is touched.
   */
  void fill(String label, String value) {
    field(label).sendKeys(Keys.chord(Keys.CONTROL, "a"), value, Keys.TAB);
    wait.until(d -> value.equals(field(label).getDomProperty("value")));
  }

  /** The value a field shows. */
  String valueOf(String label) {
    return field(label).getDomProperty("value");
  }

  /** Clicks Complete once the form is valid, and waits until Tasklist has closed the task. */
  void complete() {
    WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(
        By.xpath("//div[contains(@class,'form-actions')]//button[normalize-space()='Complete']")));
    driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", complete);
    complete.click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".no-task")));
  }

  /** What the task pane shows when no task is open ("Select a task in the list."). */
  String noTaskMessage() {
    return driver.findElement(By.cssSelector(".no-task")).getText();
  }

  /** Scrolls the task pane back to the task's name and takes the focus off any field, as for a screenshot. */
  void showTaskFromTop() {
    driver.executeScript("document.activeElement.blur(); arguments[0].scrollIntoView({block: 'start'})",
        driver.findElement(By.cssSelector("[cam-tasklist-task] h2")));
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

  /** Sizes the window so that the page itself (not the window) is width x height, as screenshots show it. */
  private void viewport(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    Number chrome = (Number) driver.executeScript("return window.outerHeight - window.innerHeight");
    driver.manage().window().setSize(new Dimension(width, height + chrome.intValue()));
  }

  private WebElement filterLink(String name) {
    return wait.until(d -> d.findElements(By.cssSelector(".task-filter h4.name a")).stream()
        .filter(link -> link.getText().strip().startsWith(name))
        .findFirst().orElse(null));
  }

  private WebElement taskLink(String taskId) {
    return wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("ol.tasks-list li.task h4.task a[href$='task=" + taskId + "']")));
  }

  private void waitForTaskList() {
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[cam-tasks] .loader")));
  }

  /** A form-js input by the text of its label (without the required marker). */
  private WebElement field(String label) {
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".disabled-form")));
    String id = wait.until(d -> d.findElements(By.cssSelector(".fjs-form label[for]")).stream()
        .filter(candidate -> candidate.getText().replace("*", "").strip().equals(label))
        .map(candidate -> candidate.getDomAttribute("for"))
        .findFirst().orElse(null));
    return driver.findElement(By.id(id));
  }
}
