package io.releasedesk.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;

/**
 * Request bodies that the engine's REST API reads without looking, and then fails on with a server error: refused
 * with 400 and what is expected, before anything runs.
 *
 * <ul>
 *   <li>{@code POST /condition} takes a JSON object whose {@code variables} are an object of variables.
 *   <li>Setting retries ({@code /job/{id}/retries}, {@code /job/retries}, {@code /job-definition/{id}/retries},
 *       {@code /external-task/…/retries}) takes a JSON object whose {@code retries} is a whole number from 0 to
 *       2147483647.
 * </ul>
 */
public class EngineRestInput implements ContainerRequestFilter {

  /** Paths relative to the REST API; Tasklist's copy of it names the engine first ({@code engine/default/…}). */
  private static final Pattern CONDITION = Pattern.compile("^/?(engine/[^/]+/)?condition/?$");

  private static final Pattern RETRIES =
      Pattern.compile("^/?(engine/[^/]+/)?(job|job-definition|external-task)(/[^/]+)?/retries/?$");

  private final ObjectMapper json = new ObjectMapper();

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    String path = request.getUriInfo().getPath();
    boolean condition = CONDITION.matcher(path).matches();
    boolean retries = RETRIES.matcher(path).matches();
    if (!condition && !retries || request.getMethod().equals("GET")) {
      return;
    }
    byte[] body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
    request.setEntityStream(new ByteArrayInputStream(body));
    Optional<String> problem = condition ? conditionProblem(body) : retriesProblem(body);
    problem.ifPresent(
        message ->
            request.abortWith(
                ExceptionHandlerHelper.getInstance()
                    .getResponse(new InvalidRequestException(Status.BAD_REQUEST, message))));
  }

  private Optional<String> conditionProblem(byte[] body) {
    JsonNode request = read(body);
    if (request == null || !request.isObject()) {
      return Optional.of(
          "Evaluating conditions needs a JSON object such as {\"variables\": {\"name\": {\"value\": 1}}}");
    }
    if (!request.path("variables").isObject() || request.path("variables").isEmpty()) {
      return Optional.of(
          "Evaluating conditions needs the variables to evaluate them with, as a JSON object"
              + " 'variables' of at least one variable");
    }
    return Optional.empty();
  }

  private Optional<String> retriesProblem(byte[] body) {
    JsonNode request = read(body);
    JsonNode retries = request == null ? null : request.get("retries");
    if (retries == null
        || !retries.isIntegralNumber()
        || !retries.canConvertToInt()
        || retries.intValue() < 0) {
      return Optional.of(
          "Setting retries needs a JSON object whose 'retries' is a whole number from 0 to "
              + Integer.MAX_VALUE
              + ", such as {\"retries\": 3}");
    }
    return Optional.empty();
  }

  /** The body as JSON; null when there is none or it is not JSON. */
  private JsonNode read(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return json.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }
}
