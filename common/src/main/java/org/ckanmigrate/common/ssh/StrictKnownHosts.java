package org.ckanmigrate.common.ssh;

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
 */
final class StrictKnownHosts implements ServerKeyVerifier {

  /** Why a host key was refused. */
  record Refusal(boolean unknown, String host, int port, String offered, List<String> expected) {}

  private record Entry(KnownHostEntry entry, PublicKey key, Path file) {}

  private final List<Entry> entries = new ArrayList<>();
  private final List<Path> files;
  private final AtomicReference<Refusal> refusal = new AtomicReference<>();

  StrictKnownHosts(List<Path> files) throws IOException {
    this.files = List.copyOf(files);
    for (Path file : this.files) {
      if (!Files.isReadable(file)) {
        throw new IOException("known_hosts file " + file + " does not exist or is not readable");
      }
      for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(file)) {
        if (entry.getMarker() != null) {
          continue; // @cert-authority and @revoked: certificates are not used here
        }
        try {
          PublicKey key =
              entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
          if (key != null) {
            entries.add(new Entry(entry, key, file));
          }
        } catch (GeneralSecurityException | RuntimeException e) {
          throw new IOException("unreadable key in " + file + ": " + entry.getConfigLine(), e);
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
      refusal.set(new Refusal(true, String.valueOf(target), 0, describe(serverKey), List.of()));
      return false;
    }
    List<String> expected = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.entry().isHostMatch(host, port)) {
        if (KeyUtils.compareKeys(entry.key(), serverKey)) {
          return true;
        }
        expected.add(describe(entry.key()) + " (" + entry.file() + ")");
      }
    }
    refusal.set(new Refusal(expected.isEmpty(), host, port, describe(serverKey), expected));
    return false;
  }

  static String describe(PublicKey key) {
    return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
  }
}
