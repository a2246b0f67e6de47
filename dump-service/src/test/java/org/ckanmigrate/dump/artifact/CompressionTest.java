package org.ckanmigrate.dump.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompressionTest {

  @Test
  void parsesGzipLevelsAndNone() {
    assertThat(Compression.parse(null)).isEqualTo(Compression.DEFAULT);
    assertThat(Compression.parse("gzip:9")).isEqualTo(new Compression("gzip", 9));
    assertThat(Compression.parse("gzip")).isEqualTo(new Compression("gzip", 6));
    assertThat(Compression.parse("NONE")).isEqualTo(Compression.NONE);
    assertThat(Compression.DEFAULT.toString()).isEqualTo("gzip:1");
  }

  @Test
  void unsupportedCodecsNameTheAcceptedForms() {
    assertThatThrownBy(() -> Compression.parse("gzip:0")).hasMessageContaining("gzip:1 to gzip:9");
    assertThatThrownBy(() -> Compression.parse("brotli")).hasMessageContaining("none");
  }
}
