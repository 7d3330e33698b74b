package io.releasedesk.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Fills the catalog's services into a form's service select ({@code "type": "select", "key": "service"}) before the
 * form is deployed. Tasklist does not hand a start form any variables, so a start form's options must be written in
 * the form itself: the file in {@code forms/} leaves them empty and the deployment carries the catalog's.
 */
public final class ServiceSelect {

  /**
   * The start form's field that names the service: the release's variable ReleaseProcess.Variables.SERVICE, written
   * here because the catalog sits below the lifecycle and does not use it (ServiceSelectTest holds them together).
   */
  static final String KEY = "service";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ServiceSelect() {}

  /** The form with the catalog's services as the options of its service select; other forms come back unchanged. */
  public static byte[] fillIn(byte[] form, ServiceCatalog catalog) {
    JsonNode root;
    try {
      root = JSON.readTree(form);
    } catch (IOException e) {
      throw new UncheckedIOException("A form is not valid JSON", e);
    }
    if (!fillIn(root, catalog)) {
      return form;
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a form", e);
    }
  }

  private static boolean fillIn(JsonNode node, ServiceCatalog catalog) {
    boolean filled = false;
    for (JsonNode component : node.path("components")) {
      if ("select".equals(component.path("type").asText())
          && KEY.equals(component.path("key").asText())) {
        ArrayNode values = ((ObjectNode) component).putArray("values");
        catalog
            .services()
            .forEach(
                service ->
                    values.addObject().put("label", service.name()).put("value", service.name()));
        filled = true;
      }
      filled |= fillIn(component, catalog);
    }
    return filled;
  }
}
