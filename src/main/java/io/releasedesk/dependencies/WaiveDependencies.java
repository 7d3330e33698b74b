package io.releasedesk.dependencies;

import static io.releasedesk.release.ReleaseProcess.Variables.DEPENDENCIES_JUSTIFICATION;
import static io.releasedesk.release.ReleaseProcess.Variables.GO_ON_WITHOUT_DEPENDENCIES;
import static io.releasedesk.release.ReleaseProcess.Variables.WENT_ON_WITHOUT_DEPENDENCIES_BY;

import io.releasedesk.engine.InvalidInputException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * On completing "Wait for dependencies": the only way to complete it is a release manager's decision to go on
 * without the missing dependencies, with a justification; it is recorded with who decided. Otherwise the task stays
 * open and the release keeps waiting (it moves on by itself once the dependencies are in production), whatever the
 * door the completion came through.
 */
@Component
public class WaiveDependencies implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    Boolean goOn = GO_ON_WITHOUT_DEPENDENCIES.from(task).getOrNull();
    String justification = DEPENDENCIES_JUSTIFICATION.from(task).getOrNull();
    if (!Boolean.TRUE.equals(goOn)) {
      throw new InvalidInputException(
          "Completing the task deploys without the missing dependencies: confirm "
              + "'Go on without them' (goOnWithoutDependencies true) with a justification, or leave the task open; "
              + "the release moves on by itself once they are in production");
    }
    if (justification == null || justification.isBlank()) {
      throw new InvalidInputException(
          "Going on without the missing dependencies needs a justification");
    }
    DEPENDENCIES_JUSTIFICATION.on(task.getExecution()).set(justification.strip());
    GO_ON_WITHOUT_DEPENDENCIES.on(task.getExecution()).set(true);
    WENT_ON_WITHOUT_DEPENDENCIES_BY.on(task.getExecution()).set(decider(task));
  }

  /** Who decides: the logged-in user; without one (a Java call), the task's assignee. */
  private static String decider(DelegateTask task) {
    Authentication authentication =
        task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (authentication != null && authentication.getUserId() != null) {
      return authentication.getUserId();
    }
    return task.getAssignee();
  }
}
