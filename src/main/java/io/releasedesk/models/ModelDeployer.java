package io.releasedesk.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.releasedesk.catalog.ServiceCatalog;
import io.releasedesk.catalog.ServiceSelect;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the models (at start-up, called by io.releasedesk.identity.StartUp): each BPMN file together with the Camunda Forms it references (they are bound with
 * {@code formRefBinding="deployment"}, so they must travel in the same deployment), and each DMN file on its own.
 *
 * <p>A form's service select gets the services of the catalog as its options ({@link ServiceSelect}): a new
 * catalog makes a new version of the process whose start form offers them.
 *
 * <p>Every file gets a deployment named after it, with duplicate filtering: a restart with unchanged files deploys
 * nothing, and a changed file (or a changed form of a process) makes exactly one new version of that model.
 */
@Component
public class ModelDeployer {

  public static final String SOURCE = "release-desk";
  private static final Logger LOG = LoggerFactory.getLogger(ModelDeployer.class);

  private final RepositoryService repositoryService;
  private final ModelProperties locations;
  private final ServiceCatalog catalog;
  private final ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
  private final ObjectMapper json = new ObjectMapper();

  public ModelDeployer(
      RepositoryService repositoryService, ModelProperties locations, ServiceCatalog catalog) {
    this.repositoryService = repositoryService;
    this.locations = locations;
    this.catalog = catalog;
  }

  /** Deploys what changed; returns the deployments made (none when nothing changed). */
  public List<DeploymentWithDefinitions> deploy() {
    Map<String, Resource> forms = formsById();
    var deployed = new ArrayList<DeploymentWithDefinitions>();
    for (Resource bpmn : resources(locations.processes() + "*.bpmn")) {
      byte[] model = read(bpmn);
      DeploymentBuilder builder = newDeployment(bpmn, model);
      for (String formId : formRefs(bpmn, model)) {
        Resource form = forms.get(formId);
        if (form == null) {
          throw new IllegalStateException(
              bpmn.getFilename()
                  + " references form '"
                  + formId
                  + "', but no form in "
                  + locations.forms()
                  + " has that id");
        }
        builder.addInputStream(
            form.getFilename(),
            new ByteArrayInputStream(ServiceSelect.fillIn(read(form), catalog)));
      }
      deployIfChanged(builder, deployed);
    }
    for (Resource dmn : resources(locations.processes() + "*.dmn")) {
      deployIfChanged(newDeployment(dmn, read(dmn)), deployed);
    }
    return deployed;
  }

  private DeploymentBuilder newDeployment(Resource model, byte[] content) {
    String name = model.getFilename().replaceFirst("\\.[^.]+$", "");
    return repositoryService
        .createDeployment()
        .name(name)
        .source(SOURCE)
        .enableDuplicateFiltering(false)
        .addInputStream(model.getFilename(), new ByteArrayInputStream(content));
  }

  private void deployIfChanged(
      DeploymentBuilder builder, List<DeploymentWithDefinitions> deployed) {
    DeploymentWithDefinitions deployment = builder.deployWithResult();
    // a filtered duplicate comes back as the earlier deployment, without newly deployed definitions
    boolean isNew =
        hasAny(deployment.getDeployedProcessDefinitions())
            || hasAny(deployment.getDeployedDecisionDefinitions());
    if (isNew) {
      LOG.info("Deployed {} ({})", deployment.getName(), deployment.getId());
      deployed.add(deployment);
    }
  }

  private static boolean hasAny(List<?> definitions) {
    return definitions != null && !definitions.isEmpty();
  }

  private static Set<String> formRefs(Resource file, byte[] content) {
    BpmnModelInstance model;
    try {
      model = Bpmn.readModelFromStream(new ByteArrayInputStream(content));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          file.getFilename() + " is not a valid BPMN model: " + e.getMessage(), e);
    }
    var refs = new LinkedHashSet<String>();
    model
        .getModelElementsByType(UserTask.class)
        .forEach(task -> addIfSet(refs, task.getCamundaFormRef()));
    model
        .getModelElementsByType(StartEvent.class)
        .forEach(event -> addIfSet(refs, event.getCamundaFormRef()));
    return refs;
  }

  private static void addIfSet(Set<String> refs, String ref) {
    if (ref != null && !ref.isBlank()) {
      refs.add(ref);
    }
  }

  private Map<String, Resource> formsById() {
    var byId = new HashMap<String, Resource>();
    for (Resource form : resources(locations.forms() + "*.form")) {
      String id;
      try {
        id = json.readTree(read(form)).path("id").asText("");
      } catch (IOException e) {
        throw new IllegalStateException(
            form.getFilename() + " is not valid JSON: " + e.getMessage(), e);
      }
      if (id.isBlank()) {
        throw new IllegalStateException(form.getFilename() + " has no id; formRef needs one");
      }
      Resource other = byId.put(id, form);
      if (other != null) {
        throw new IllegalStateException(
            form.getFilename() + " and " + other.getFilename() + " share the id " + id);
      }
    }
    return byId;
  }

  private List<Resource> resources(String pattern) {
    try {
      Resource[] found = resolver.getResources(pattern);
      Arrays.sort(found, Comparator.comparing(Resource::getFilename));
      return List.of(found);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + pattern, e);
    }
  }

  private static byte[] read(Resource resource) {
    try (var in = resource.getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource.getDescription(), e);
    }
  }
}
