package org.ckanmigrate.dump.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ckanmigrate.artifact.Codec;
import org.junit.jupiter.api.Test;

class CompressionTest {

  @Test
  void parsesEveryCodecAndNamesTheArtifactAfterIt() {
    assertThat(Compression.parse(null)).isEqualTo(Compression.DEFAULT);
    assertThat(Compression.parse("gzip:9")).hasToString("gzip:9");
    assertThat(Compression.parse("gzip").suffix()).isEqualTo(".gz");
    assertThat(Compression.parse("zstd:1")).hasToString("zstd:1");
    assertThat(Compression.parse("zstd").suffix()).isEqualTo(".zst");
    assertThat(Compression.parse("lz4").suffix()).isEqualTo(".lz4");
    assertThat(Compression.parse("NONE")).isEqualTo(Compression.NONE);
    assertThat(Compression.NONE.suffix()).isEmpty();
  }

  @Test
  void unsupportedCodecsNameTheAcceptedForms() {
    assertThatThrownBy(() -> Compression.parse("gzip:0"))
        .hasMessageContaining(Codec.ACCEPTED_FORMS);
    assertThatThrownBy(() -> Compression.parse("zstd:42"))
        .hasMessageContaining("'zstd:42'")
        .hasMessageContaining(Codec.ACCEPTED_FORMS);
    assertThatThrownBy(() -> Compression.parse("brotli")).hasMessageContaining("lz4");
  }
}
