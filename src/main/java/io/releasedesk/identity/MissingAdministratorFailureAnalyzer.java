package io.releasedesk.identity;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says what to set when the first administrator's credentials are missing. */
class MissingAdministratorFailureAnalyzer
    extends AbstractFailureAnalyzer<MissingAdministratorException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MissingAdministratorException cause) {
    return new FailureAnalysis(
        cause.getMessage()
            + ". Without the demo profile no user with a known password "
            + "exists, so nobody could log in.",
        "Set the environment variables RELEASEDESK_ADMIN_USER (the administrator's user id, such as ops-admin) and "
            + "RELEASEDESK_ADMIN_PASSWORD (its password). The user is created at the first start and belongs to the "
            + "group camunda-admin; change the password later in Camunda Admin. To try Release Desk with demo "
            + "users instead, start it with the profile 'demo'.",
        cause);
  }
}
