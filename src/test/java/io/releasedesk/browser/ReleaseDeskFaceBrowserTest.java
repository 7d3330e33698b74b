package io.releasedesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Release Desk's own face, in headless Chromium: its address leads to the login and then to Tasklist, and Tasklist,
 * Cockpit and Admin say Release Desk, with its logo and without Camunda's migration banner; its API's description
 * opens in Swagger UI.
 *
 * <p>Skipped without Chromium and ChromeDriver, unless {@code RELEASEDESK_BROWSER_TESTS=required}. Screenshots go to
 * {@code target/browser-tests/}.
 */
@BrowserTest
class ReleaseDeskFaceBrowserTest extends BrowserTestSupport {

  @Test
  void theAddressLeadsToTheLoginAndThenToTasklistWhichSaysReleaseDesk() {
    // given: someone opens Release Desk's address, not logged in
    ReleaseDeskFace face = open(ReleaseDeskFace::open);
    face.waitForLogin();

    // then: the login is Tasklist's, with Release Desk's name and logo, without Camunda's banner
    assertThat(face.currentPath()).startsWith("/camunda/app/tasklist/");
    assertThat(face.title()).isEqualTo("Release Desk Tasklist");
    assertThat(face.logoImage(".login-logo")).contains("/camunda/assets/release-desk-logo.svg");
    assertThat(face.showsCamundaLogo(".login-logo")).isFalse();
    assertThat(face.pageText("Camunda 8")).isFalse();
    face.screenshot(SCREENSHOTS.resolve("release-desk-login.png"));

    // when: Rita logs in
    face.logIn("rita", "rita");

    // then: she is in Tasklist, whose header says Release Desk, with its logo, and no banner above
    // it
    assertThat(face.currentPath()).startsWith("/camunda/app/tasklist/");
    assertThat(face.brandName()).isEqualTo("Release Desk Tasklist");
    assertThat(face.title()).isEqualTo("Release Desk Tasklist");
    assertThat(face.logoImage(".app-banner .brand-logo"))
        .contains("/camunda/assets/release-desk-mark.svg");
    assertThat(face.showsCamundaLogo(".app-banner .brand-logo")).isFalse();
    assertThat(face.visibleBanners()).isEmpty();
    assertThat(face.pageText("It is time to migrate")).isFalse();
    // the page begins under the header, without the strip the banner took
    assertThat(face.contentTop() - face.headerBottom()).isBetween(0L, 3L);
    face.screenshot(SCREENSHOTS.resolve("release-desk-tasklist.png"));
  }

  @Test
  void cockpitAndAdminSayReleaseDeskToo() {
    ReleaseDeskFace face = open(ReleaseDeskFace::open);
    face.waitForLogin();
    face.logIn("admin", "admin");

    for (String app : new String[] {"cockpit", "admin"}) {
      face.openApp(baseUrl(), app);
      String name = "Release Desk " + Character.toUpperCase(app.charAt(0)) + app.substring(1);
      assertThat(face.brandName()).as(app).isEqualTo(name);
      assertThat(face.title()).as(app).startsWith(name);
      assertThat(face.logoImage(".app-banner .brand-logo"))
          .as(app)
          .contains("/camunda/assets/release-desk-mark.svg");
      assertThat(face.visibleBanners()).as(app).isEmpty();
      assertThat(face.pageText("It is time to migrate")).as(app).isFalse();
      face.screenshot(SCREENSHOTS.resolve("release-desk-" + app + ".png"));
    }
  }

  @Test
  void theApiDescriptionOpensInSwaggerUiForSomeoneWithCredentials() {
    SwaggerUi swagger = open(base -> SwaggerUi.open(base, "mona", "mona"));
    assertThat(swagger.title()).startsWith("Release Desk API");
    assertThat(swagger.operationPaths())
        .contains("/api/releases", "/api/releases/{releaseKey}/approval", "/api/services");
    assertThat(swagger.errors()).isEmpty();
    swagger.screenshot(SCREENSHOTS.resolve("release-desk-api.png"));
  }
}
