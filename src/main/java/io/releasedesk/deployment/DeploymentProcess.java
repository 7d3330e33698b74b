package io.releasedesk.deployment;

import static io.holunda.camunda.bpm.data.CamundaBpmData.booleanVariable;
import static io.holunda.camunda.bpm.data.CamundaBpmData.stringVariable;

import io.holunda.camunda.bpm.data.factory.VariableFactory;
import io.releasedesk.release.ReleaseProcess;

/** The deploy-and-verify model ({@code processes/deployment.bpmn}), called by a release for each environment. */
public final class DeploymentProcess {

  public static final String KEY = "deployment";
  public static final String ERROR_DEPLOYMENT_REJECTED = "DeploymentRejected";

  private DeploymentProcess() {}

  public static final class Elements {
    public static final String TASK_DEPLOY = "Task_Deploy";
    public static final String TASK_DEPLOY_MANUALLY = "Task_DeployManually";
    public static final String TASK_VERIFY_HEALTH = "Task_VerifyHealth";
    public static final String TASK_ROLL_BACK = "Task_RollBack";
    public static final String TASK_REVIEW_FAILED_DEPLOYMENT = "Task_ReviewFailedDeployment";
    public static final String EVENT_DEPLOYED_AND_HEALTHY = "Event_DeployedAndHealthy";
    public static final String EVENT_DEPLOYMENT_FAILED = "Event_DeploymentFailed";
    // milestones announced (notify)
    public static final String EVENT_ANNOUNCE_DEPLOYING = "Event_AnnounceDeploying";
    public static final String EVENT_ANNOUNCE_DEPLOYED = "Event_AnnounceDeployed";
    public static final String EVENT_ANNOUNCE_DEPLOYMENT_FAILED = "Event_AnnounceDeploymentFailed";
    public static final String EVENT_ANNOUNCE_ROLLED_BACK = "Event_AnnounceRolledBack";

    private Elements() {}
  }

  public static final class Variables {
    // passed in by the release: the release's own variables, under the same names
    public static final VariableFactory<String> SERVICE = ReleaseProcess.Variables.SERVICE;
    public static final VariableFactory<String> REPOSITORY = ReleaseProcess.Variables.REPOSITORY;
    public static final VariableFactory<String> VERSION = ReleaseProcess.Variables.VERSION;

    /** The full sha of the commit to deploy: the release candidate's. */
    public static final VariableFactory<String> COMMIT = stringVariable("commit");

    public static final VariableFactory<String> ENVIRONMENT = stringVariable("environment");
    public static final VariableFactory<String> RELEASE_KEY = stringVariable("releaseKey");

    // set on the way
    /** {@code automatic} or {@code manual}. */
    public static final VariableFactory<String> DEPLOYMENT_MODE = stringVariable("deploymentMode");

    /** {@code succeeded} or {@code failed}, from the operator who deployed by hand. */
    public static final VariableFactory<String> MANUAL_DEPLOYMENT_RESULT =
        stringVariable("manualDeploymentResult");

    public static final VariableFactory<Boolean> HEALTHY = booleanVariable("healthy");
    public static final VariableFactory<String> HEALTH_REPORT = stringVariable("healthReport");

    /** Why the deployment failed; the release reads it back under the same name. */
    public static final VariableFactory<String> DEPLOYMENT_FAILURE =
        ReleaseProcess.Variables.DEPLOYMENT_FAILURE;

    // Review failed deployment (operations)
    /** Operations confirm that the failed deployment is rolled back. */
    public static final VariableFactory<Boolean> ROLLBACK_CONFIRMED =
        booleanVariable("rollbackConfirmed");

    public static final VariableFactory<String> FAILURE_REVIEW_NOTES =
        stringVariable("failureReviewNotes");
    public static final VariableFactory<String> ROLLBACK_STATUS = stringVariable("rollbackStatus");

    // what the manual deployment's form shows, computed when the task opens (Markdown, local to the
    // task)
    /** What is deployed: release, candidate, commit, migrations, risk, who approved it. */
    public static final VariableFactory<String> DEPLOYMENT_CONTEXT =
        stringVariable("deploymentContext");

    /** Why deploying now may be wrong: before the target date, inside a freeze window; empty when neither. */
    public static final VariableFactory<String> DEPLOYMENT_WARNING =
        stringVariable("deploymentWarning");

    private Variables() {}
  }
}
