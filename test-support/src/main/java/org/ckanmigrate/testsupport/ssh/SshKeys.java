package org.ckanmigrate.testsupport.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * Key pairs for SSH tests: generated fresh, written the way OpenSSH's {@code ssh -i} reads them.
 */
public final class SshKeys {

  private SshKeys() {}

  /**
   * A new ECDSA P-256 key pair. ECDSA rather than Ed25519 because MINA SSHD 2.x needs an extra
   * provider for Ed25519.
   */
  public static KeyPair generate() {
    try {
      return KeyUtils.generateKeyPair(KeyPairProviderNames.ECDSA_P256, 256);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an ECDSA P-256 key pair", e);
    }
  }

  /**
   * Writes the private key, unencrypted, in OpenSSH format to {@code file} with permissions 0600
   * (OpenSSH refuses keys other users can read). Creates parent directories.
   */
  public static Path writePrivateKey(KeyPair keyPair, Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(
            keyPair, "ckan-migrate-test", null, out);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode the private key", e);
    }
  }

  /**
   * The {@code authorized_keys} / {@code .pub} line of a public key, e.g. {@code
   * ecdsa-sha2-nistp256 AAAA...}.
   */
  public static String publicKeyLine(PublicKey key) {
    return PublicKeyEntry.toString(key);
  }

  /** OpenSSH-style fingerprint, e.g. {@code SHA256:abc...}. */
  public static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(key);
  }

  private static final class KeyPairProviderNames {
    static final String ECDSA_P256 = "ecdsa-sha2-nistp256";
  }
}
