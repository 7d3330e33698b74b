package io.releasedesk.models;

import io.releasedesk.notification.Milestone;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What a deployed model may contain, so that deploying a model is not deploying code. A model runs the application's
 * delegates and reads variables; it runs nothing else:
 *
 * <ul>
 *   <li>no scripts (script tasks, {@code camunda:script}, script conditions), no Java classes ({@code camunda:class}
 *       and the like), no method expressions ({@code camunda:expression}), no connectors, no field injection and no
 *       generated (legacy) forms, whose validators are classes;
 *   <li>every {@code ${...}} is a plain expression ({@link PlainExpressions}), and a delegate expression names one of
 *       the delegate beans;
 *   <li>decision tables speak FEEL only, whose engine calls no Java;
 *   <li>a deployment holds models, Camunda Forms and PNG pictures only: no case models, HTML, scripts or SVG, which
 *       Tasklist or the browser would run.
 * </ul>
 */
final class ModelRules {

  private static final Set<String> BPMN_SUFFIXES = Set.of(".bpmn", ".bpmn20.xml");
  private static final Set<String> DMN_SUFFIXES = Set.of(".dmn", ".dmn11.xml");
  private static final Set<String> OTHER_SUFFIXES = Set.of(".form", ".png");

  /** Elements (by local name, in any namespace) that run code or instantiate classes. */
  private static final Map<String, String> REFUSED_ELEMENTS =
      Map.of(
          "scriptTask", "script tasks run code",
          "script", "scripts run code",
          "connector", "connectors call out of the engine",
          "field", "field injection is not used by Release Desk's delegates",
          "formData",
              "generated forms may run validator classes; use a Camunda Form (camunda:formRef)",
          "formProperty",
              "generated forms may run validator classes; use a Camunda Form (camunda:formRef)");

  /** Attributes (by local name, in any namespace) that run code or instantiate classes. */
  private static final Map<String, String> REFUSED_ATTRIBUTES =
      Map.of(
          "class",
              "Java classes are not instantiated from models; use camunda:delegateExpression=\"${beanName}\"",
          "variableMappingClass", "Java classes are not instantiated from models",
          "formHandlerClass", "Java classes are not instantiated from models",
          "expression",
              "method expressions run code; use camunda:delegateExpression=\"${beanName}\"",
          "scriptFormat", "scripts run code",
          "language", "scripts run code",
          "resource", "scripts run code");

  private static final Set<String> DELEGATE_ATTRIBUTES =
      Set.of("delegateExpression", "variableMappingDelegateExpression");

  /** Text that is shown, never evaluated. */
  private static final Set<String> DESCRIPTIONS = Set.of("documentation", "text", "description");

  private static final Set<String> DIAGRAM_NAMESPACES =
      Set.of(
          "http://www.omg.org/spec/BPMN/20100524/DI",
          "http://www.omg.org/spec/DD/20100524/DC",
          "http://www.omg.org/spec/DD/20100524/DI",
          "https://www.omg.org/spec/DMN/20191111/DMNDI/",
          "http://www.omg.org/spec/DMN/20180521/DMNDI/",
          "http://www.omg.org/spec/DMN/20180521/DC/",
          "http://www.omg.org/spec/DMN/20180521/DI/");

  static final Set<String> FEEL =
      Set.of(
          "feel",
          "http://www.omg.org/spec/FEEL/20140401",
          "http://www.omg.org/spec/DMN/20180521/FEEL/",
          "https://www.omg.org/spec/DMN/20191111/FEEL/",
          "https://www.omg.org/spec/DMN/20211108/FEEL/",
          "https://www.omg.org/spec/DMN/20230324/FEEL/");

  private ModelRules() {}

  /**
   * What is wrong with one resource of a deployment, each problem naming the element and the rule; empty if it may be
   * deployed. {@code isDelegate} tells which bean names are delegates.
   */
  static List<String> problems(String resourceName, byte[] content, Predicate<String> isDelegate) {
    String name = resourceName.toLowerCase(Locale.ROOT);
    if (endsWithAny(name, BPMN_SUFFIXES)) {
      return problemsOfXml(content, isDelegate, false);
    }
    if (endsWithAny(name, DMN_SUFFIXES)) {
      return problemsOfXml(content, isDelegate, true);
    }
    if (endsWithAny(name, OTHER_SUFFIXES)) {
      return List.of();
    }
    return List.of(
        "only BPMN and DMN models, Camunda Forms (.form) and PNG pictures are deployed"
            + " (no case models, HTML, scripts or SVG)");
  }

  private static boolean endsWithAny(String name, Set<String> suffixes) {
    return suffixes.stream().anyMatch(name::endsWith);
  }

  private static List<String> problemsOfXml(
      byte[] content, Predicate<String> isDelegate, boolean decision) {
    Element root;
    try {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      var builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new DefaultHandler());
      root = builder.parse(new ByteArrayInputStream(content)).getDocumentElement();
    } catch (Exception e) {
      return List.of("not a well-formed model: " + e.getMessage());
    }
    var problems = new ArrayList<String>();
    check(root, isDelegate, decision, problems);
    return problems;
  }

  /**
   * Checks an element, its attributes and its children. Its text is checked as the engine's parser reads it: all its
   * text and CDATA joined, whatever comments or child elements stand between the pieces.
   */
  private static void check(
      Element element, Predicate<String> isDelegate, boolean decision, List<String> problems) {
    String local = element.getLocalName();
    if (DIAGRAM_NAMESPACES.contains(element.getNamespaceURI()) || DESCRIPTIONS.contains(local)) {
      return;
    }
    if (!decision && REFUSED_ELEMENTS.containsKey(local)) {
      problems.add(where(element) + element.getTagName() + ": " + REFUSED_ELEMENTS.get(local));
      return;
    }
    var attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      var attribute = (Attr) attributes.item(i);
      if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())) {
        continue;
      }
      problem(element, attribute, isDelegate, decision).ifPresent(problems::add);
    }
    var text = new StringBuilder();
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element childElement) {
        check(childElement, isDelegate, decision, problems);
      } else if (child.getNodeType() == Node.TEXT_NODE
          || child.getNodeType() == Node.CDATA_SECTION_NODE) {
        text.append(child.getNodeValue());
      }
    }
    if (PlainExpressions.hasExpression(text.toString())) {
      PlainExpressions.refusal(text.toString(), isDelegate)
          .ifPresent(
              refusal -> problems.add(where(element) + element.getTagName() + ": " + refusal));
    }
    milestoneProblem(element, text.toString().trim())
        .ifPresent(problem -> problems.add(where(element) + element.getTagName() + ": " + problem));
  }

  /** A notifying step names a milestone there is, and a reminder or escalation the task it is about. */
  private static Optional<String> milestoneProblem(Element element, String text) {
    if (!"inputParameter".equals(element.getLocalName())
        || !Milestone.MILESTONE_PARAMETER.equals(element.getAttribute("name"))) {
      return Optional.empty();
    }
    Optional<Milestone> milestone = Milestone.find(text);
    if (milestone.isEmpty()) {
      return Optional.of(Milestone.refusal(text));
    }
    if (milestone.get().aboutATask()) {
      for (Node sibling = element.getParentNode().getFirstChild();
          sibling != null;
          sibling = sibling.getNextSibling()) {
        if (sibling instanceof Element e
            && "inputParameter".equals(e.getLocalName())
            && Milestone.TASK_PARAMETER.equals(e.getAttribute("name"))
            && !e.getTextContent().isBlank()) {
          return Optional.empty();
        }
      }
      return Optional.of(
          "a " + text + " names the user task it is about in the input parameter 'task'");
    }
    return Optional.empty();
  }

  private static Optional<String> problem(
      Element element, Attr attribute, Predicate<String> isDelegate, boolean decision) {
    String local =
        attribute.getLocalName() != null ? attribute.getLocalName() : attribute.getName();
    String value = attribute.getValue();
    String at = where(element) + attribute.getName() + ": ";
    if (decision) {
      if (local.equals("expressionLanguage") && !FEEL.contains(value.trim())) {
        return Optional.of(at + "decisions are evaluated in FEEL only, not '" + value + "'");
      }
      return Optional.empty();
    }
    if (REFUSED_ATTRIBUTES.containsKey(local)) {
      return Optional.of(at + REFUSED_ATTRIBUTES.get(local));
    }
    if (DELEGATE_ATTRIBUTES.contains(local)) {
      return PlainExpressions.delegateRefusal(value, isDelegate).map(refusal -> at + refusal);
    }
    if (PlainExpressions.hasExpression(value)) {
      return PlainExpressions.refusal(value, isDelegate).map(refusal -> at + refusal);
    }
    return Optional.empty();
  }

  /** The id of the element, or of the nearest enclosing element that has one. */
  private static String where(Element element) {
    for (Node node = element; node instanceof Element e; node = node.getParentNode()) {
      if (e.hasAttribute("id")) {
        return e.getAttribute("id") + " ";
      }
    }
    return "";
  }
}
