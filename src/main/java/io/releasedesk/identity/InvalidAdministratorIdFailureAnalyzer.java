package io.releasedesk.identity;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says how to write the first administrator's id when RELEASEDESK_ADMIN_USER is not one Release Desk accepts. */
class InvalidAdministratorIdFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidAdministratorIdException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidAdministratorIdException cause) {
    return new FailureAnalysis(
        cause.getMessage() + ".",
        "Set RELEASEDESK_ADMIN_USER to an id such as ops-admin, first.last or name@example.com.",
        cause);
  }
}
