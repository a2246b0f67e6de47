package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoStackBuilderTest {

  /**
   * {@code demo --work-dir target/x} once failed at the dump ("source.artifact-dir ... must be an
   * absolute path"): the run spec passes the work dir's paths to services that run elsewhere.
   */
  @Test
  void aRelativeWorkDirBecomesAbsoluteAgainstTheCurrentDirectory() {
    DemoStack.Builder b = DemoStack.builder(Path.of("."), Path.of("target", "..", "target", "w"));

    assertThat(b.workDir).isAbsolute().isEqualTo(Path.of("target", "w").toAbsolutePath());
  }
}
