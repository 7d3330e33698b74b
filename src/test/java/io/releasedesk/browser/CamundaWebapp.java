package io.releasedesk.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * One of Camunda's webapps in headless Chromium, as a new visitor sees it: a fresh browser profile, not logged in.
 * Uses the Chromium and ChromeDriver installed on the machine, never Selenium Manager (no downloads).
 */
abstract class CamundaWebapp implements AutoCloseable {

  static final Path CHROMIUM =
      Path.of(System.getProperty("releasedesk.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));

  /** CI sets this to {@code required}: there a missing browser is a failure, not a reason to skip. */
  static final String REQUIRED_VARIABLE = "RELEASEDESK_BROWSER_TESTS";

  /** Generous: the first page load of a webapp is slow on a busy two-core machine. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(60);

  protected final ChromeDriver driver;
  protected final WebDriverWait wait;
  private final Path profile;
  private boolean closed;

  /** What is missing to run a browser test, or null when Chromium and ChromeDriver are installed. */
  static String missingBrowser() {
    boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    return installed
        ? null
        : "Browser tests need Chromium at "
            + CHROMIUM
            + " and ChromeDriver at "
            + CHROMEDRIVER
            + " (Debian/Ubuntu: apt-get install chromium chromium-driver)";
  }

  static boolean browserRequired() {
    return "required".equalsIgnoreCase(System.getenv(REQUIRED_VARIABLE));
  }

  /** Opens the page at the given size of the page itself (as screenshots show it). */
  protected CamundaWebapp(String url, int width, int height) {
    // Selenium warns that it has no DevTools bindings for this Chromium version; nothing here uses
    // DevTools
    Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder").setLevel(Level.SEVERE);
    try {
      profile = Files.createTempDirectory("releasedesk-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var options =
        new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile);
    var service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, TIMEOUT);
    driver.manage().window().setSize(new Dimension(width, height));
    Number chrome = (Number) driver.executeScript("return window.outerHeight - window.innerHeight");
    driver.manage().window().setSize(new Dimension(width, height + chrome.intValue()));
    driver.get(url);
  }

  /** Fills in and sends the webapps' login form. */
  protected void submitLogin(String user, String password) {
    By username = By.cssSelector("input[ng-model=username]");
    // a webapp's first load in a fresh browser parses megabytes of script; on a busy machine it
    // can outlast the wait for the login form, and a second load (from the cache) shows it
    try {
      wait.until(ExpectedConditions.visibilityOfElementLocated(username));
    } catch (TimeoutException slowFirstLoad) {
      driver.navigate().refresh();
      new WebDriverWait(driver, TIMEOUT.multipliedBy(2))
          .until(ExpectedConditions.visibilityOfElementLocated(username));
    }
    driver.findElement(username).sendKeys(user);
    driver.findElement(By.cssSelector("input[ng-model=password]")).sendKeys(password);
    driver.findElement(By.cssSelector("form[name=signinForm] button[type=submit]")).click();
  }

  void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isOpen() {
    return !closed;
  }

  /** Quits the browser and deletes its profile; once, however often it is called. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      driver.quit();
    } finally {
      FileSystemUtils.deleteRecursively(profile.toFile());
    }
  }
}
