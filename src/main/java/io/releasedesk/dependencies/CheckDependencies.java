package io.releasedesk.dependencies;

import static io.releasedesk.release.ReleaseProcess.Variables.DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Variables.DEPENDENCIES_IN_PRODUCTION;
import static io.releasedesk.release.ReleaseProcess.Variables.GO_ON_WITHOUT_DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Variables.MISSING_DEPENDENCIES;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.stereotype.Component;

/**
 * "Check dependencies": whether each dependency of the plan has a version in production that satisfies its range,
 * from Release Desk's own history. Writes the answer for the gateway and, for the waiting task, what is missing.
 */
@Component
public class CheckDependencies implements JavaDelegate {

  private final ProductionVersions production;

  public CheckDependencies(ProductionVersions production) {
    this.production = production;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<Dependency> dependencies = Dependencies.read(DEPENDENCIES.from(execution).getOrNull());
    // the history of every release counts, whoever may read it
    String missing =
        Context.getCommandContext().runWithoutAuthorization(() -> missing(dependencies));
    DEPENDENCIES_IN_PRODUCTION.on(execution).set(missing.isEmpty());
    MISSING_DEPENDENCIES.on(execution).set(missing);
    if (GO_ON_WITHOUT_DEPENDENCIES.from(execution).getOrNull() == null) {
      GO_ON_WITHOUT_DEPENDENCIES.on(execution).set(false);
    }
  }

  /** Markdown, one line per dependency without a satisfying version in production; empty when none. */
  private String missing(List<Dependency> dependencies) {
    var text = new StringBuilder();
    for (Dependency dependency : dependencies) {
      List<String> versions = production.of(dependency.service());
      if (versions.stream().noneMatch(dependency::satisfiedBy)) {
        text.append(text.isEmpty() ? "" : "\n")
            .append("- **")
            .append(dependency.service())
            .append(' ')
            .append(dependency.range())
            .append("**: ")
            .append(
                versions.isEmpty()
                    ? "no release of " + dependency.service() + " has reached production yet"
                    : "in production so far: "
                        + String.join(
                            ", ",
                            versions.subList(Math.max(0, versions.size() - 5), versions.size())));
      }
    }
    return text.toString();
  }
}
