package io.releasedesk.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.releasedesk.release.ReleaseProcess.Elements.TASK_PLAN_RELEASE;
import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.STAKEHOLDERS;
import static io.releasedesk.support.ApiClient.releaseRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.releasedesk.support.ApiClient;
import io.releasedesk.support.ApplicationTest;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The mails and chat messages of whole releases, driven through the REST API by the people whose tasks they are: a
 * real SMTP server (GreenMail) receives the mails, a local HTTP server the deployment webhooks and the service's chat
 * webhook. Checkout's catalog entry names who hears about it and its chat webhook.
 */
@ApplicationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class MailsOfAReleaseTest {

  static final String BASE_URL = "https://release-desk.example.com";

  @RegisterExtension
  static GreenMailExtension mail =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  @RegisterExtension
  static WireMockExtension outside =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void mailAndWebhooks(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> mail.getSmtp().getPort());
    registry.add("releasedesk.notification.base-url", () -> BASE_URL);
    registry.add("releasedesk.notification.from", () -> "release-desk@example.com");
    registry.add("releasedesk.catalog.file", () -> "file:" + catalogWithChat());
    for (String environment : List.of("staging", "production")) {
      String prefix = "releasedesk.deployment.environments." + environment + ".";
      registry.add(prefix + "target", () -> "webhook");
      registry.add(prefix + "webhook-url", () -> outside.baseUrl() + "/deploy/" + environment);
      registry.add(prefix + "health-url", () -> outside.baseUrl() + "/health/" + environment);
    }
  }

  /** The tests' catalog, with checkout announced to its team's address and to a chat webhook. */
  static Path catalogWithChat() {
    try {
      String catalog = Files.readString(Path.of("src/test/resources/test-services.yaml"));
      String checkout = "  checkout:\n";
      catalog =
          catalog.replace(
              checkout,
              checkout
                  + "    announce-to: [rita, devon, checkout-team@example.com]\n"
                  + "    chat-webhook: "
                  + outside.baseUrl()
                  + "/chat/checkout\n");
      Path file = Files.createTempFile("services-with-chat", ".yaml");
      Files.writeString(file, catalog);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Autowired TestRestTemplate rest;
  @Autowired ManagementService managementService;
  ApiClient api;

  @BeforeEach
  void outsideWorld() throws Exception {
    api = new ApiClient(rest);
    mail.purgeEmailFromAllMailboxes();
    outside.resetAll();
    outside.stubFor(post(urlEqualTo("/deploy/staging")).willReturn(aResponse().withStatus(202)));
    outside.stubFor(post(urlEqualTo("/deploy/production")).willReturn(aResponse().withStatus(202)));
    outside.stubFor(get(urlEqualTo("/health/staging")).willReturn(aResponse().withStatus(200)));
    outside.stubFor(get(urlEqualTo("/health/production")).willReturn(aResponse().withStatus(200)));
  }

  @Test
  void everyoneHearsWhatConcernsThemOnceWithALinkToTheRelease() throws Exception {
    outside.stubFor(
        post(urlEqualTo("/chat/checkout")).willReturn(aResponse().withStatus(200).withBody("ok")));

    // Rita requests checkout 3.1.0, plans it naming two stakeholders, the teams are ready and QA
    // passes it
    String key = "checkout@3.1.0";
    String releaseId = request("3.1.0");
    api.work(
        key,
        "rita",
        TASK_PLAN_RELEASE,
        Map.of(CHANGE_SIZE.getName(), "large", STAKEHOLDERS.getName(), "mona, cfo@example.com"));
    api.teamsReady(key);
    api.qaPasses(key, "Checkout journeys pass");
    // a large change needs a release manager who did not request it
    api.approve(key, "paula", "Go, before the sale");
    api.holdRetrospective(key, "Fast QA", "Late sign-off");

    // once the release has ended, its last announcement has gone out
    api.awaitCompleted(releaseId);
    String targetDate = LocalDate.now().plusDays(7).toString();
    assertThat(subjectsTo("rita@example.com"))
        .containsExactly(
            "checkout@3.1.0 requested",
            "checkout@3.1.0 planned for " + targetDate,
            "checkout@3.1.0 deploying 3.1.0-rc.1 to staging",
            "checkout@3.1.0 deployed to staging and healthy",
            "checkout@3.1.0 needs approval",
            "checkout@3.1.0 approved",
            "checkout@3.1.0 deploying 3.1.0 to production",
            "checkout@3.1.0 deployed to production and healthy",
            "checkout@3.1.0 retrospective due",
            "checkout@3.1.0 completed");
    assertThat(subjectsTo("checkout-team@example.com"))
        .as("the service's list hears everything")
        .isEqualTo(subjectsTo("devon@example.com"))
        .isEqualTo(subjectsTo("rita@example.com"));
    assertThat(subjectsTo("mona@example.com"))
        .as("a stakeholder hears from the plan on")
        .isEqualTo(subjectsTo("cfo@example.com"))
        .isEqualTo(subjectsTo("rita@example.com").subList(1, 10));
    assertThat(subjectsTo("paula@example.com"))
        .as("a release manager is asked to approve; that's all")
        .containsExactly("checkout@3.1.0 needs approval");
    assertThat(subjectsTo("quinn@example.com")).isEmpty();

    MimeMessage approved = only("rita@example.com", "checkout@3.1.0 approved");
    assertThat(approved.getFrom()[0].toString()).isEqualTo("release-desk@example.com");
    String cockpit = BASE_URL + "/camunda/app/cockpit/default/#/process-instance/" + releaseId;
    assertThat(part(approved, "text/plain"))
        .contains(
            "Release checkout@3.1.0 was approved by paula.",
            "Comment: paula: Go, before the sale",
            "Open the release in Cockpit: " + cockpit);
    assertThat(part(approved, "text/html"))
        .contains(
            "<a href=\"" + cockpit + "\">Open the release in Cockpit</a>", "Go, before the sale");
    // kept for the README, as a mail client shows it
    Files.createDirectories(Path.of("target", "mails"));
    Files.writeString(Path.of("target", "mails", "approved.html"), part(approved, "text/html"));
    assertThat(
            part(
                only("devon@example.com", "checkout@3.1.0 deployed to production and healthy"),
                "text/plain"))
        .as("a deployment's notice links to the release")
        .contains("Open the release in Cockpit: " + cockpit);
    assertThat(
            part(
                only("mona@example.com", "checkout@3.1.0 planned for " + targetDate), "text/plain"))
        .contains(
            "Release checkout@3.1.0 is planned for " + targetDate + ".",
            "Stakeholders: mona, cfo@example.com");

    // the chat heard each milestone once, as Slack-compatible JSON
    outside.verify(10, postRequestedFor(urlEqualTo("/chat/checkout")));
    assertThat(outside.findAll(postRequestedFor(urlEqualTo("/chat/checkout"))))
        .anySatisfy(
            request ->
                assertThat(request.getBodyAsString())
                    .startsWith("{\"text\":\"*checkout@3.1.0 approved*")
                    .contains("<" + cockpit + "|"));
  }

  @Test
  void aRetriedAnnouncementSkipsWhoAlreadyHeardIt() throws Exception {
    // the chat is down at first; the mails of the same milestone go out
    outside.stubFor(
        post(urlEqualTo("/chat/checkout"))
            .inScenario("chat")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("back"));
    outside.stubFor(
        post(urlEqualTo("/chat/checkout"))
            .inScenario("chat")
            .whenScenarioStateIs("back")
            .willReturn(aResponse().withStatus(200)));

    String releaseId = request("3.2.0");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !managementService
                    .createJobQuery()
                    .processInstanceId(releaseId)
                    .withException()
                    .list()
                    .isEmpty());
    assertThat(subjectsTo("rita@example.com")).containsExactly("checkout@3.2.0 requested");

    // the job is retried (now, instead of a minute later): the chat hears it, nobody gets the mail
    // twice
    managementService
        .createJobQuery()
        .processInstanceId(releaseId)
        .withException()
        .list()
        .forEach(
            job -> {
              try {
                managementService.setJobDuedate(job.getId(), new Date());
              } catch (OptimisticLockingException jobExecutorWasFaster) {
                // it runs the job already
              }
            });
    api.waitForTask("checkout@3.2.0", TASK_PLAN_RELEASE);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> outside.verify(2, postRequestedFor(urlEqualTo("/chat/checkout"))));
    assertThat(subjectsTo("rita@example.com")).containsExactly("checkout@3.2.0 requested");
    assertThat(subjectsTo("checkout-team@example.com")).containsExactly("checkout@3.2.0 requested");
  }

  /** Rita requests this version of checkout with the start form; the id of the release's process instance. */
  String request(String version) {
    return api.requestWithStartForm(releaseRequest("checkout", version, "One-page checkout"));
  }

  List<String> subjectsTo(String address) {
    return Arrays.stream(mail.getReceivedMessages())
        .filter(message -> to(message).contains(address))
        .map(MailsOfAReleaseTest::subject)
        .toList();
  }

  MimeMessage only(String address, String subject) {
    var found =
        Arrays.stream(mail.getReceivedMessages())
            .filter(message -> to(message).contains(address) && subject.equals(subject(message)))
            .toList();
    assertThat(found).as("mails '%s' to %s", subject, address).hasSize(1);
    return found.get(0);
  }

  static List<String> to(MimeMessage message) {
    try {
      Address[] recipients = message.getAllRecipients();
      return recipients == null
          ? List.of()
          : Arrays.stream(recipients).map(Address::toString).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The decoded text of the mail's part of this type. */
  static String part(Part part, String type) throws Exception {
    if (part.isMimeType(type)) {
      return part.getContent().toString();
    }
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        String found = part(child, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
