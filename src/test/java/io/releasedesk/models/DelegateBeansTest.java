package io.releasedesk.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.deployment.FormerDelegateNames;
import io.releasedesk.deployment.ValidateManualDeploymentResult;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** Models deployed before a delegate was renamed still reach it by its former name, and only Release Desk's own. */
class DelegateBeansTest {

  @Test
  void aModelDeployedBeforeTheRenameStillReachesTheDelegate() {
    try (var context = new AnnotationConfigApplicationContext()) {
      context.register(ValidateManualDeploymentResult.class, FormerDelegateNames.class);
      context.registerBean("notADelegate", StringBuilder.class);
      context.refresh();
      var delegates = new DelegateBeans(context);

      assertThat(delegates.test("validateManualDeploymentResult")).isTrue();
      assertThat(delegates.test(FormerDelegateNames.CONFIRM_MANUAL_DEPLOYMENT)).isTrue();
      assertThat(delegates.get(FormerDelegateNames.CONFIRM_MANUAL_DEPLOYMENT))
          .isSameAs(delegates.get("validateManualDeploymentResult"))
          .isInstanceOf(ValidateManualDeploymentResult.class);
      assertThat(delegates.test("notADelegate")).isFalse();
    }
  }
}
