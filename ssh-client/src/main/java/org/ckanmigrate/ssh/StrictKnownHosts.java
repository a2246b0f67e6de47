package org.ckanmigrate.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSessionCreator;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * OpenSSH {@code StrictHostKeyChecking=yes}: a host's key must be listed for that host and port in
 * one of the given known_hosts files; unknown hosts and changed keys are refused (during key
 * exchange, so before authentication) and never added. MINA's default verifier accepts every key,
 * and its known_hosts verifier compares only the first entry of a host; this one accepts a key that
 * matches any entry for the host and remembers why it refused.
 *
 * <p>Lines are read as OpenSSH writes them: plain ({@code host}, {@code [host]:port}, patterns and
 * comma lists) and hashed ({@code |1|salt|hash}, from {@code HashKnownHosts yes} or {@code
 * ssh-keygen -H}); any key type MINA reads, Ed25519 included. A key marked {@code @revoked} is
 * refused for the hosts of its line. Lines this client cannot read (an unknown key type, a broken
 * line, {@code @cert-authority}) are skipped as OpenSSH skips them, so one odd line for another
 * host does not stop a run; a refusal names those that were for the host.
 */
final class StrictKnownHosts implements ServerKeyVerifier {

  /**
   * Why a host key was refused.
   *
   * @param unknown no usable line lists the host
   * @param revoked the key offered is marked {@code @revoked} for the host
   * @param skipped lines for the host that were skipped as unreadable, described
   */
  record Refusal(
      boolean unknown,
      boolean revoked,
      String host,
      int port,
      String offered,
      List<String> expected,
      List<String> skipped) {}

  private record Entry(KnownHostEntry entry, PublicKey key, Path file, boolean revoked) {}

  private record Skipped(KnownHostEntry entry, Path file, String why) {}

  private final List<Entry> entries = new ArrayList<>();
  private final List<Skipped> skipped = new ArrayList<>();
  private final List<Path> files;
  private final AtomicReference<Refusal> refusal = new AtomicReference<>();

  StrictKnownHosts(List<Path> files) throws IOException {
    this.files = List.copyOf(files);
    for (Path file : this.files) {
      if (!Files.isReadable(file)) {
        throw new IOException("known_hosts file " + file + " does not exist or is not readable");
      }
      List<KnownHostEntry> lines;
      try {
        lines = KnownHostEntry.readKnownHostEntries(file);
      } catch (RuntimeException e) {
        throw new IOException("known_hosts file " + file + " is not in OpenSSH's format", e);
      }
      for (KnownHostEntry entry : lines) {
        String marker = entry.getMarker();
        boolean revoked = "revoked".equals(marker);
        if (marker != null && !revoked) {
          skipped.add(new Skipped(entry, file, "@" + marker + " (certificates are not used)"));
          continue;
        }
        String type = entry.getKeyEntry() == null ? "?" : entry.getKeyEntry().getKeyType();
        try {
          PublicKey key =
              entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
          if (key != null) {
            entries.add(new Entry(entry, key, file, revoked));
          } else {
            skipped.add(new Skipped(entry, file, type + " (key type not supported)"));
          }
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
          skipped.add(new Skipped(entry, file, type + " (unreadable key)"));
        }
      }
    }
  }

  List<Path> files() {
    return files;
  }

  /** The last refusal, if any. */
  Refusal refusal() {
    return refusal.get();
  }

  @Override
  public boolean verifyServerKey(
      ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
    // Behind a jump host MINA connects to a local forwarded port; the real target is an attribute.
    SocketAddress target = session.getAttribute(ClientSessionCreator.TARGET_SERVER);
    if (target == null) {
      target = session.getConnectAddress();
    }
    String host;
    int port;
    if (target instanceof SshdSocketAddress sshd) {
      host = sshd.getHostName();
      port = sshd.getPort();
    } else if (target instanceof InetSocketAddress inet) {
      host = inet.getHostString();
      port = inet.getPort();
    } else {
      refusal.set(
          new Refusal(
              true, false, String.valueOf(target), 0, describe(serverKey), List.of(), List.of()));
      return false;
    }
    List<String> expected = new ArrayList<>();
    boolean matched = false;
    for (Entry entry : entries) {
      if (!entry.entry().isHostMatch(host, port)) {
        continue;
      }
      boolean same = KeyUtils.compareKeys(entry.key(), serverKey);
      if (entry.revoked()) {
        if (same) {
          refusal.set(
              new Refusal(
                  false,
                  true,
                  host,
                  port,
                  describe(serverKey),
                  List.of("@revoked (" + entry.file() + ")"),
                  List.of()));
          return false;
        }
      } else if (same) {
        matched = true;
      } else {
        expected.add(describe(entry.key()) + " (" + entry.file() + ")");
      }
    }
    if (matched) {
      return true;
    }
    List<String> skippedHere = new ArrayList<>();
    for (Skipped line : skipped) {
      if (line.entry().isHostMatch(host, port)) {
        skippedHere.add(line.why() + " in " + line.file());
      }
    }
    refusal.set(
        new Refusal(
            expected.isEmpty(), false, host, port, describe(serverKey), expected, skippedHere));
    return false;
  }

  static String describe(PublicKey key) {
    return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
  }
}
