package io.releasedesk.models;

import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcessSetup;
import io.releasedesk.support.DemoCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What a restart deploys: nothing when nothing changed, one new version of exactly the model that changed. */
class ModelDeployerTest {

  @RegisterExtension
  static ProcessEngineExtension extension =
      ProcessEngineExtension.builder()
          .configurationResource(ReleaseProcessSetup.ENGINE_CONFIGURATION)
          .build();

  ProcessEngine engine;
  RepositoryService repository;
  @TempDir Path models;
  ModelDeployer deployer;

  @BeforeEach
  void copyTheModels() throws IOException {
    repository = engine.getRepositoryService();
    copyFolder(Path.of("processes"), models.resolve("processes"));
    copyFolder(Path.of("forms"), models.resolve("forms"));
    deployer =
        new ModelDeployer(
            repository,
            new ModelProperties(
                models.resolve("processes").toUri() + "/", models.resolve("forms").toUri() + "/"),
            DemoCatalog.load());
  }

  @AfterEach
  void removeDeployments() {
    repository
        .createDeploymentQuery()
        .list()
        .forEach(d -> repository.deleteDeployment(d.getId(), true));
  }

  @Test
  void eachModelIsDeployedWithTheFormsItReferences() {
    deployer.deploy();

    assertThat(repository.createDeploymentQuery().list())
        .extracting(Deployment::getName)
        .containsExactlyInAnyOrder(
            "release",
            "deployment",
            "improvement-action",
            "risk-assessment",
            "quality-gate",
            "release-classification");
    assertThat(resourcesOf("deployment"))
        .containsExactlyInAnyOrder(
            "deployment.bpmn", "deploy-manually.form", "review-failed-deployment.form");
    assertThat(resourcesOf("release"))
        .contains(
            "release.bpmn",
            "request-release.form",
            "approve-release.form",
            "verify-release-candidate.form",
            "wait-for-dependencies.form",
            "approve-emergency-exception.form")
        .doesNotContain("deploy-manually.form")
        .hasSize(12);
    assertThat(resourcesOf("risk-assessment")).containsExactly("risk-assessment.dmn");
    assertThat(resourcesOf("improvement-action"))
        .containsExactlyInAnyOrder("improvement-action.bpmn", "improvement-action.form");
  }

  @Test
  void theRequestFormOffersTheServicesOfTheCatalog() throws IOException {
    deployer.deploy();

    String id = repository.createDeploymentQuery().deploymentName("release").singleResult().getId();
    try (var form = repository.getResourceAsStream(id, "request-release.form")) {
      var service =
          new ObjectMapper()
              .readTree(form).path("components").findParents("key").stream()
                  .filter(component -> component.path("key").asText().equals(SERVICE.getName()))
                  .findFirst()
                  .orElseThrow();
      assertThat(service.path("type").asText()).isEqualTo("select");
      assertThat(service.path("values").findValuesAsText("value"))
          .containsExactly("payments", "checkout", "search", "inventory");
    }
  }

  @Test
  void aRestartWithUnchangedModelsDeploysNothing() {
    deployer.deploy();

    assertThat(deployer.deploy()).isEmpty();
    assertThat(repository.createDeploymentQuery().count()).isEqualTo(6);
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("release").count())
        .isEqualTo(1);
  }

  @Test
  void aChangedFormMakesOneNewVersionOfTheModelThatUsesIt() throws IOException {
    deployer.deploy();
    Path form = models.resolve("forms/deploy-manually.form");
    Files.writeString(form, Files.readString(form).replace("What went wrong", "What failed"));

    var deployed = deployer.deploy();

    assertThat(deployed).extracting(Deployment::getName).containsExactly("deployment");
    assertThat(
            repository
                .createProcessDefinitionQuery()
                .processDefinitionKey("deployment")
                .latestVersion()
                .singleResult()
                .getVersion())
        .isEqualTo(2);
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("release").count())
        .isEqualTo(1);
    assertThat(
            repository
                .createDecisionDefinitionQuery()
                .decisionDefinitionKey(ReleaseProcess.RISK_DECISION_KEY)
                .count())
        .isEqualTo(1);
  }

  @Test
  void aChangedDecisionTableMakesOneNewVersionOfItOnly() throws IOException {
    deployer.deploy();
    Path dmn = models.resolve("processes/risk-assessment.dmn");
    Files.writeString(
        dmn, Files.readString(dmn).replace("Large change", "Large change (many files)"));

    assertThat(deployer.deploy())
        .extracting(Deployment::getName)
        .containsExactly("risk-assessment");
    assertThat(
            repository
                .createDecisionDefinitionQuery()
                .decisionDefinitionKey(ReleaseProcess.RISK_DECISION_KEY)
                .count())
        .isEqualTo(2);
    assertThat(repository.createProcessDefinitionQuery().count()).isEqualTo(3);
  }

  @Test
  void aMissingFormStopsTheDeploymentWithAClearMessage() throws IOException {
    Files.delete(models.resolve("forms/fix-defects.form"));

    assertThatThrownBy(deployer::deploy)
        .hasMessage(
            "release.bpmn references form 'fix-defects', but no form in "
                + models.resolve("forms").toUri()
                + "/ has that id");
  }

  private List<String> resourcesOf(String deploymentName) {
    String id =
        repository.createDeploymentQuery().deploymentName(deploymentName).singleResult().getId();
    return repository.getDeploymentResourceNames(id);
  }

  private static void copyFolder(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
