package org.ckanmigrate.contract.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ckanmigrate.contract.spec.SecretRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {

  @Test
  void readsFileWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "s3cr3t\n");
    assertThat(new SecretResolver().resolve(SecretRef.ofFile(file.toString())))
        .isEqualTo("s3cr3t".toCharArray());
  }

  @Test
  void readsEnvironmentVariable() {
    var resolver = new SecretResolver(Map.of("TARGET_PW", "abc"));
    assertThat(resolver.resolve(SecretRef.ofEnv("TARGET_PW"))).isEqualTo("abc".toCharArray());
  }

  @Test
  void missingSecretsAreNamedWithoutValues(@TempDir Path dir) {
    var resolver = new SecretResolver(Map.of());
    assertThatThrownBy(() -> resolver.resolve(SecretRef.ofEnv("NOPE")))
        .hasMessageContaining("NOPE is not set");
    assertThatThrownBy(() -> resolver.resolve(SecretRef.ofFile(dir.resolve("x").toString())))
        .hasMessageContaining("Cannot read the secret file");
    assertThatThrownBy(() -> resolver.resolve(new SecretRef("a", "B")))
        .hasMessageContaining("exactly one");
  }
}
