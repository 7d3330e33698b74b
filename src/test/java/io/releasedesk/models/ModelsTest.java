package io.releasedesk.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.holunda.camunda.bpm.data.factory.VariableFactory;
import io.releasedesk.deployment.DeploymentProcess;
import io.releasedesk.improvement.ImprovementAction;
import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.ReleaseProcessSetup;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.stereotype.Component;

/**
 * The models as process owners receive them: they deploy, open in Camunda Modeler with every element drawn, and
 * follow the project's rules for delegates, forms and history.
 */
class ModelsTest {

  @RegisterExtension
  static ProcessEngineExtension extension =
      ProcessEngineExtension.builder()
          .configurationResource(ReleaseProcessSetup.ENGINE_CONFIGURATION)
          .build();

  ProcessEngine engine;

  static Stream<Path> bpmnFiles() throws IOException {
    return files("processes", ".bpmn");
  }

  static Stream<Path> dmnFiles() throws IOException {
    return files("processes", ".dmn");
  }

  @Test
  void everyModelDeploys() throws IOException {
    var builder = engine.getRepositoryService().createDeployment().name("all models");
    for (Path model : Stream.concat(bpmnFiles(), dmnFiles()).toList()) {
      builder.addString(model.getFileName().toString(), Files.readString(model));
    }
    var deployment = builder.deployWithResult();
    try {
      assertThat(deployment.getDeployedProcessDefinitions())
          .extracting("key")
          .containsExactlyInAnyOrder("release", "deployment", "improvement-action");
      assertThat(deployment.getDeployedDecisionDefinitions())
          .extracting("key")
          .containsExactlyInAnyOrder(
              ReleaseProcess.RISK_DECISION_KEY,
              ReleaseProcess.QUALITY_GATE_DECISION_KEY,
              ReleaseProcess.CLASSIFICATION_DECISION_KEY);
    } finally {
      engine.getRepositoryService().deleteDeployment(deployment.getId(), true);
    }
  }

  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void everyElementIsDrawn(Path file) {
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    Set<String> shapes =
        ids(
            model.getModelElementsByType(BpmnShape.class).stream()
                .map(shape -> shape.getBpmnElement().getId()));
    Set<String> edges =
        ids(
            model.getModelElementsByType(BpmnEdge.class).stream()
                .map(edge -> edge.getBpmnElement().getId()));

    assertThat(shapes)
        .as("shapes in %s", file)
        .containsAll(
            ids(model.getModelElementsByType(FlowNode.class).stream().map(FlowNode::getId)));
    assertThat(edges)
        .as("edges in %s", file)
        .containsAll(
            ids(
                model.getModelElementsByType(SequenceFlow.class).stream()
                    .map(SequenceFlow::getId)));
  }

  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void everyServiceTaskIsASpringBeanAndEveryProcessKeepsItsHistoryForAYear(Path file) {
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());

    assertThat(model.getModelElementsByType(ServiceTask.class))
        .allSatisfy(
            task ->
                assertThat(task.getCamundaDelegateExpression())
                    .as("%s in %s", task.getId(), file)
                    .matches("\\$\\{\\w+}"));
    assertThat(model.getModelElementsByType(Process.class))
        .allSatisfy(
            process -> assertThat(process.getCamundaHistoryTimeToLiveString()).isEqualTo("P365D"));
    assertThat(model.getModelElementsByType(FlowNode.class))
        .allSatisfy(
            node ->
                assertThat(node.getName()).as("name of %s in %s", node.getId(), file).isNotBlank());
  }

  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void everyUserTaskHasAFormThatExistsBoundToItsDeployment(Path file) throws IOException {
    Set<String> formIds = formIds();
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());

    assertThat(model.getModelElementsByType(UserTask.class))
        .allSatisfy(
            task -> {
              assertThat(formIds).as("form of %s", task.getId()).contains(task.getCamundaFormRef());
              assertThat(task.getCamundaFormRefBinding()).isEqualTo("deployment");
            });
    model.getModelElementsByType(StartEvent.class).stream()
        .filter(event -> event.getCamundaFormRef() != null)
        .forEach(event -> assertThat(formIds).contains(event.getCamundaFormRef()));
  }

  @ParameterizedTest
  @MethodSource("dmnFiles")
  void everyDecisionIsDrawnAndKeepsItsHistoryForAYear(Path file) throws IOException {
    var model = Dmn.readModelFromFile(file.toFile());

    assertThat(Files.readString(file)).contains("<dmndi:DMNDiagram");
    assertThat(model.getModelElementsByType(Decision.class))
        .allSatisfy(
            decision ->
                assertThat(Files.readString(file))
                    .contains("dmnElementRef=\"" + decision.getId() + "\""));
    assertThat(model.getModelElementsByType(Decision.class))
        .allSatisfy(
            decision ->
                assertThat(decision.getCamundaHistoryTimeToLiveString()).isEqualTo("P365D"));
  }

  @Test
  void everyFormIsUsedAndNamedAfterItsId() throws IOException {
    Set<String> referenced =
        bpmnFiles()
            .map(file -> Bpmn.readModelFromFile(file.toFile()))
            .flatMap(
                model ->
                    Stream.concat(
                        model.getModelElementsByType(UserTask.class).stream()
                            .map(UserTask::getCamundaFormRef),
                        model.getModelElementsByType(StartEvent.class).stream()
                            .map(StartEvent::getCamundaFormRef)))
            .filter(ref -> ref != null)
            .collect(Collectors.toSet());

    for (Path form : files("forms", ".form").toList()) {
      String id = new ObjectMapper().readTree(form.toFile()).path("id").asText();
      assertThat(form.getFileName().toString()).isEqualTo(id + ".form");
      assertThat(referenced).as("models using form %s", id).contains(id);
    }
  }

  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void everyBeanAModelNamesIsOneOfReleaseDesksDelegates(Path file) throws IOException {
    Set<String> delegates = delegateBeanNames();
    Matcher named =
        Pattern.compile("delegateExpression=\"[$#]\\{(\\w+)}\"").matcher(Files.readString(file));

    List<String> names = named.results().map(match -> match.group(1)).distinct().toList();
    assertThat(names).as("beans named in %s", file).isNotEmpty();
    assertThat(delegates).as("Release Desk's delegate beans").containsAll(names);
  }

  @Test
  void everyFormFieldIsADeclaredVariable() throws IOException {
    Set<String> declared =
        declaredVariables(
            ReleaseProcess.Variables.class,
            DeploymentProcess.Variables.class,
            ImprovementAction.Variables.class);
    var mapper = new ObjectMapper();

    for (Path form : files("forms", ".form").toList()) {
      List<String> keys = mapper.readTree(form.toFile()).findValuesAsText("key");
      assertThat(declared).as("variables declared for the fields of %s", form).containsAll(keys);
    }
  }

  /** The names of Release Desk's Spring beans that a model may name: Java delegates and listeners. */
  static Set<String> delegateBeanNames() {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    for (Class<?> type : List.of(JavaDelegate.class, ExecutionListener.class, TaskListener.class)) {
      scanner.addIncludeFilter(new AssignableTypeFilter(type));
    }
    var registry = new SimpleBeanDefinitionRegistry();
    return scanner.findCandidateComponents("io.releasedesk").stream()
        .filter(
            bean ->
                bean instanceof AnnotatedBeanDefinition annotated
                    && annotated.getMetadata().isAnnotated(Component.class.getName()))
        .map(bean -> AnnotationBeanNameGenerator.INSTANCE.generateBeanName(bean, registry))
        .collect(Collectors.toSet());
  }

  /** The names of the process variables these constants classes declare (typed, or as plain names). */
  static Set<String> declaredVariables(Class<?>... constants) {
    var names = new HashSet<String>();
    for (Class<?> type : constants) {
      for (Field field : type.getFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        try {
          Object value = field.get(null);
          if (value instanceof VariableFactory<?> variable) {
            names.add(variable.getName());
          } else if (value instanceof String name) {
            names.add(name);
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  private static Set<String> formIds() throws IOException {
    var mapper = new ObjectMapper();
    return files("forms", ".form")
        .map(
            form -> {
              try {
                return mapper.readTree(form.toFile()).path("id").asText();
              } catch (IOException e) {
                throw new IllegalStateException(form + " is not JSON", e);
              }
            })
        .collect(Collectors.toSet());
  }

  private static Set<String> ids(Stream<String> ids) {
    return ids.collect(Collectors.toSet());
  }

  private static Stream<Path> files(String folder, String suffix) throws IOException {
    try (var files = Files.list(Path.of(folder))) {
      List<Path> found = files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
      assertThat(found).as("%s files in %s", suffix, folder).isNotEmpty();
      return found.stream();
    }
  }
}
