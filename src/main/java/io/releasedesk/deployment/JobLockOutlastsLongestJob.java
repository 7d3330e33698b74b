package io.releasedesk.deployment;

import java.time.Duration;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A job executor locks each job it takes for a while; once the lock expires, any node (this one too) takes the job
 * again, which is how a dead node's jobs are picked up. A job that runs longer than its lock would run twice at once,
 * with its webhook called twice. Release Desk refuses to start when the lock is not longer than its longest job, and
 * says what to set.
 */
@Component
class JobLockOutlastsLongestJob {

  JobLockOutlastsLongestJob(
      ObjectProvider<JobExecutor> jobExecutor, DeploymentProperties properties) {
    jobExecutor.ifAvailable(
        executor -> check(Duration.ofMillis(executor.getLockTimeInMillis()), properties));
  }

  static void check(Duration lockTime, DeploymentProperties properties) {
    Duration longest = properties.longestJob();
    if (lockTime.compareTo(longest) <= 0) {
      throw new IllegalStateException(
          "Jobs are locked for "
              + lockTime.toMillis()
              + " ms, but a deployment step may"
              + " take up to "
              + longest.toMillis()
              + " ms (health-check attempts × 2 × request-timeout + (attempts - 1) ×"
              + " interval) and would then run twice. Set camunda.bpm.job-execution.lock-time-in-millis"
              + " (RELEASEDESK_JOB_LOCK_TIME_MILLIS) above "
              + longest.toMillis()
              + ", with a margin.");
    }
  }
}
