package io.releasedesk.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasedesk.release.ReleaseProcess;
import org.junit.jupiter.api.Test;

/** The request form's service select fills the field that becomes the release's service variable. */
class ServiceSelectTest {

  @Test
  void theSelectsFieldIsTheReleasesServiceVariable() {
    assertThat(ServiceSelect.KEY).isEqualTo(ReleaseProcess.Variables.SERVICE.getName());
  }
}
