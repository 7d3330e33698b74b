package io.releasedesk.browser;

import java.net.URI;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Swagger UI on Release Desk's API description, opened by someone who gave the API's credentials once, as they would
 * in the browser's login prompt; the browser then sends them with Swagger UI's own requests.
 */
final class SwaggerUi extends CamundaWebapp {

  static SwaggerUi open(String baseUrl, String user, String password) {
    URI base = URI.create(baseUrl);
    // credentials in the address stand in for the login prompt (headless Chromium shows none); the
    // page itself is
    // opened without them, since scripts of a page whose address holds credentials may not call the
    // API
    return new SwaggerUi(
        base.getScheme()
            + "://"
            + user
            + ":"
            + password
            + "@"
            + base.getAuthority()
            + "/api/openapi.json",
        baseUrl + "/api/docs.html");
  }

  private SwaggerUi(String login, String page) {
    super(login, 1280, 900);
    driver.get(page);
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".swagger-ui .info .title")));
  }

  /** The description's title, as the page shows it. */
  String title() {
    return driver.findElement(By.cssSelector(".swagger-ui .info .title")).getText();
  }

  /** The paths of the operations listed, top to bottom. */
  List<String> operationPaths() {
    wait.until(d -> !d.findElements(By.cssSelector(".opblock-summary-path")).isEmpty());
    return driver.findElements(By.cssSelector(".opblock-summary-path")).stream()
        .map(path -> path.getDomAttribute("data-path"))
        .toList();
  }

  /** Error messages Swagger UI shows when it cannot load or read the description. */
  List<String> errors() {
    return driver
        .findElements(
            By.cssSelector(".swagger-ui .errors-wrapper, .swagger-ui .loading-container .info"))
        .stream()
        .filter(WebElement::isDisplayed)
        .map(WebElement::getText)
        .toList();
  }
}
