package io.releasedesk.board;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Group;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.springframework.stereotype.Component;

/**
 * The phases of a deployed model as its diagram draws them: each group (its category value, e.g. "2 Planning") holds
 * the flow nodes whose shapes lie inside it. Read once per deployed process definition from the model itself, so a
 * changed diagram brings its phases along; nothing here lists them by hand.
 */
@Component
public class Phases {

  /** The phases of one process definition, in the order the diagram shows them, left to right, and its user tasks' candidates. */
  public record Model(
      List<String> phases,
      Map<String, String> phaseOfActivity,
      Map<String, List<String>> candidateGroups) {}

  private final RepositoryService repositoryService;
  private final Map<String, Model> models = new ConcurrentHashMap<>();

  Phases(RepositoryService repositoryService) {
    this.repositoryService = repositoryService;
  }

  public Model of(String processDefinitionId) {
    return models.computeIfAbsent(
        processDefinitionId, id -> read(repositoryService.getBpmnModelInstance(id)));
  }

  static Model read(BpmnModelInstance model) {
    var groups = new LinkedHashMap<String, Bounds>();
    var shapes = new LinkedHashMap<String, Bounds>();
    for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
      if (shape.getBpmnElement() instanceof Group group
          && group.getCategory() != null
          && group.getCategory().getValue() != null) {
        groups.put(name(group.getCategory().getValue()), shape.getBounds());
      } else if (shape.getBpmnElement() instanceof FlowNode node) {
        shapes.put(node.getId(), shape.getBounds());
      }
    }
    var phaseOfActivity = new LinkedHashMap<String, String>();
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      String phase = phaseOf(node, shapes, groups);
      if (phase != null) {
        phaseOfActivity.put(node.getId(), phase);
      }
    }
    var candidateGroups = new LinkedHashMap<String, List<String>>();
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      String groupsText = task.getCamundaCandidateGroups();
      if (groupsText != null && !groupsText.contains("{")) {
        candidateGroups.put(task.getId(), List.of(groupsText.split("\\s*,\\s*")));
      }
    }
    List<String> ordered = new ArrayList<>(groups.keySet());
    ordered.sort((a, b) -> Integer.compare(order(groups, a), order(groups, b)));
    return new Model(
        List.copyOf(ordered), Map.copyOf(phaseOfActivity), Map.copyOf(candidateGroups));
  }

  /** The group around the node's centre; for a node in a sub-process without groups, the sub-process's group. */
  private static String phaseOf(
      FlowNode node, Map<String, Bounds> shapes, Map<String, Bounds> groups) {
    Bounds shape = shapes.get(node.getId());
    if (shape != null) {
      double x = shape.getX() + shape.getWidth() / 2;
      double y = shape.getY() + shape.getHeight() / 2;
      for (var group : groups.entrySet()) {
        Bounds bounds = group.getValue();
        if (x >= bounds.getX()
            && x <= bounds.getX() + bounds.getWidth()
            && y >= bounds.getY()
            && y <= bounds.getY() + bounds.getHeight()) {
          return group.getKey();
        }
      }
    }
    return node.getParentElement() instanceof FlowNode parent
        ? phaseOf(parent, shapes, groups)
        : null;
  }

  /** "2 Planning" is the phase Planning: the number orders the phases in the diagram. */
  static String name(String label) {
    return label.strip().replaceFirst("^\\d+\\.?\\s+", "");
  }

  /** Phases from left to right, as the diagram reads. */
  private static int order(Map<String, Bounds> groups, String phase) {
    return (int) Math.round(groups.get(phase).getX());
  }
}
