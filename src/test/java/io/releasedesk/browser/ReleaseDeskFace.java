package io.releasedesk.browser;

import java.net.URI;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Release Desk as a visitor first meets it: its address, the login it leads to, and the name, logo and banner the
 * webapps show (Tasklist, Cockpit, Admin share their header).
 */
final class ReleaseDeskFace extends CamundaWebapp {

  /** Opens Release Desk's address ({@code /}) with a 1280x900 view, as a new visitor. */
  static ReleaseDeskFace open(String baseUrl) {
    return new ReleaseDeskFace(baseUrl + "/");
  }

  private ReleaseDeskFace(String url) {
    super(url, 1280, 900);
  }

  /** Waits for the login form of whichever webapp the address led to. */
  void waitForLogin() {
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[name=signinForm]")));
  }

  void logIn(String user, String password) {
    submitLogin(user, password);
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".app-banner .brand-name")));
  }

  /** Opens another webapp in the same session, e.g. {@code cockpit}, and waits for its header. */
  void openApp(String baseUrl, String app) {
    driver.get(baseUrl + "/camunda/app/" + app + "/");
    wait.until(d -> d.getCurrentUrl().contains("/camunda/app/" + app + "/"));
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".app-banner .brand-name")));
  }

  String currentPath() {
    return URI.create(driver.getCurrentUrl()).getPath();
  }

  String title() {
    return driver.getTitle();
  }

  /** The name in the header, next to the logo. */
  String brandName() {
    return driver.findElement(By.cssSelector(".app-banner .brand-name")).getText();
  }

  /** The image the CSS puts where Camunda's logo was: in the header, or above the login form. */
  String logoImage(String selector) {
    return driver.findElement(By.cssSelector(selector)).getCssValue("background-image");
  }

  /** Whether Camunda's own logo (its inline SVG) still shows in the element. */
  boolean showsCamundaLogo(String selector) {
    return driver.findElements(By.cssSelector(selector + " svg")).stream()
        .anyMatch(WebElement::isDisplayed);
  }

  /** The page's visible banners ("It is time to migrate to Camunda 8 …"). */
  List<String> visibleBanners() {
    return driver.findElements(By.cssSelector(".ce-eol-banner")).stream()
        .filter(WebElement::isDisplayed)
        .map(WebElement::getText)
        .toList();
  }

  /** Where the header ends, in CSS pixels from the top of the page. */
  long headerBottom() {
    return ((Number)
            driver.executeScript(
                "return document.querySelector('[cam-widget-header]').getBoundingClientRect().bottom"))
        .longValue();
  }

  /** Where Tasklist's columns begin, in CSS pixels from the top of the page. */
  long contentTop() {
    return ((Number)
            driver.executeScript(
                "return document.querySelector('.page-wrap').getBoundingClientRect().top"))
        .longValue();
  }

  /** Whether the body's text shows this text anywhere. */
  boolean pageText(String text) {
    return driver.findElement(By.tagName("body")).getText().contains(text);
  }
}
