package io.releasedesk.browser;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Decides whether a {@link BrowserTest} class runs, before anything of it runs: JUnit evaluates a class's conditions
 * before its extensions' callbacks, so a machine without a browser never starts the application for nothing. With
 * {@code RELEASEDESK_BROWSER_TESTS=required} (as in CI) a missing browser fails the class instead.
 */
class BrowserInstalled implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String missing = CamundaWebapp.missingBrowser();
    if (missing == null) {
      return ConditionEvaluationResult.enabled("Chromium and ChromeDriver are installed");
    }
    if (CamundaWebapp.browserRequired()) {
      throw new IllegalStateException(
          missing + ", and " + CamundaWebapp.REQUIRED_VARIABLE + "=required");
    }
    return ConditionEvaluationResult.disabled(
        missing
            + "; skipped. Set "
            + CamundaWebapp.REQUIRED_VARIABLE
            + "=required to fail instead.");
  }
}
