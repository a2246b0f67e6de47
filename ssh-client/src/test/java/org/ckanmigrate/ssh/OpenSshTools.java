package org.ckanmigrate.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/** Keys and known_hosts lines made by OpenSSH's own tools, as an operator makes them. */
final class OpenSshTools {

  static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
  static final Path SSH_KEYSCAN = Path.of("/usr/bin/ssh-keyscan");

  private OpenSshTools() {}

  static void assumeInstalled() {
    assumeTrue(Files.isExecutable(SSH_KEYGEN), "OpenSSH's ssh-keygen is not installed");
    assumeTrue(Files.isExecutable(SSH_KEYSCAN), "OpenSSH's ssh-keyscan is not installed");
  }

  /**
   * {@code ssh-keygen -t TYPE -N PASSPHRASE -f FILE}, plus {@code extra} options (e.g. {@code -m
   * PEM}); returns the private key file, its public half is FILE.pub.
   */
  static Path keygen(Path file, String type, String passphrase, String... extra)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(SSH_KEYGEN.toString(), "-q", "-t", type, "-N", passphrase, "-C", "ckan-test"));
    command.addAll(List.of(extra));
    command.addAll(List.of("-f", file.toString()));
    run(command);
    return file;
  }

  /** The public key of {@code FILE.pub} as ssh-keygen wrote it. */
  static PublicKey publicKey(Path privateKeyFile) throws IOException, GeneralSecurityException {
    String line = Files.readString(Path.of(privateKeyFile + ".pub")).strip();
    return PublicKeyEntry.parsePublicKeyEntry(line)
        .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
  }

  /** {@code ssh-keyscan -p PORT [-H] 127.0.0.1}: the lines it prints, as it prints them. */
  static String keyscan(int port, boolean hashed) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(SSH_KEYSCAN.toString(), "-p", "" + port));
    if (hashed) {
      command.add("-H");
    }
    command.add("127.0.0.1");
    String out = run(command);
    assertThat(out).as("ssh-keyscan output").isNotBlank();
    return out;
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(command.get(0) + " finished").isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }
}
