package org.ckanmigrate.stack.ssh;

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
 * Ed25519 by default, as {@code ssh-keygen} makes (OpenSSH 9.5 and later) and as most servers offer
 * for their host key; MINA SSHD 2.x reads and signs with it through BouncyCastle (bcprov), which
 * this module depends on.
 */
public final class SshKeys {

  /** The kinds of key operators have: what {@code ssh-keygen -t ...} makes. */
  public enum KeyType {
    /** {@code ssh-keygen -t ed25519}: {@code ssh-ed25519}. */
    ED25519("ssh-ed25519", 256),
    /** {@code ssh-keygen -t ecdsa}: {@code ecdsa-sha2-nistp256}. */
    ECDSA_P256("ecdsa-sha2-nistp256", 256),
    /** {@code ssh-keygen -t rsa}: 3072 bits, signed with rsa-sha2-256/512. Slow to generate. */
    RSA_3072("ssh-rsa", 3072);

    private final String sshName;
    private final int bits;

    KeyType(String sshName, int bits) {
      this.sshName = sshName;
      this.bits = bits;
    }

    /** The key's type as SSH names it, e.g. {@code ssh-ed25519}. */
    public String sshName() {
      return sshName;
    }
  }

  private SshKeys() {}

  /** A new Ed25519 key pair. */
  public static KeyPair generate() {
    return generate(KeyType.ED25519);
  }

  /** A new key pair of the given type. */
  public static KeyPair generate(KeyType type) {
    try {
      return KeyUtils.generateKeyPair(type.sshName, type.bits);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an " + type + " key pair", e);
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
   * The {@code authorized_keys} / {@code .pub} line of a public key, e.g. {@code ssh-ed25519
   * AAAA...}.
   */
  public static String publicKeyLine(PublicKey key) {
    return PublicKeyEntry.toString(key);
  }

  /** OpenSSH-style fingerprint, e.g. {@code SHA256:abc...}. */
  public static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(key);
  }
}
