package org.ckanmigrate.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.SftpVersionSelector;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.SshEndpoint;

/**
 * An authenticated SSH session to a host, through zero or more jump hosts (ProxyJump: the jump
 * hosts relay TCP only; no agent is forwarded, no password is ever tried). Host keys are checked
 * strictly against the endpoints' known_hosts files; each hop authenticates with its own key file
 * only. Keep-alives make a dead link close the session instead of hanging it. Used by the dump
 * (pg_dump and the SFTP upload) and by the schema phase (CKAN's upgrade on the CKAN host).
 *
 * <p>Keys are the ones {@code ssh-keygen} makes: Ed25519, ECDSA and RSA in OpenSSH's format (or
 * unencrypted PEM), Ed25519 through BouncyCastle, which MINA SSHD 2.x needs for it. RSA keys sign
 * with rsa-sha2-512/256 only; the SHA-1 {@code ssh-rsa} signature is not offered (OpenSSH 8.8 and
 * later refuse it too). A key file protected by a passphrase is refused: the services run
 * unattended, so nothing could type it.
 */
public final class SshConnection implements AutoCloseable {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(SshConnection.class);

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:-]{1,255}");
  private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");

  private final SshClient client;
  private final ClientSession session;
  private final SshTimeouts timeouts;

  private SshConnection(SshClient client, ClientSession session, SshTimeouts timeouts) {
    this.client = client;
    this.session = session;
    this.timeouts = timeouts;
  }

  /** {@code user@host:port} of an endpoint, for logs, manifests and messages. */
  public static String describe(SshEndpoint endpoint) {
    return endpoint.user() + "@" + endpoint.host() + ":" + port(endpoint);
  }

  private static int port(SshEndpoint endpoint) {
    return endpoint.port() == 0 ? 22 : endpoint.port();
  }

  /**
   * Validates the endpoints, connects through the jump hosts in order and authenticates.
   *
   * @param jumpHosts hops before the target, in order (null or empty: a direct connection)
   * @throws SshFailure HOST_KEY_UNKNOWN, HOST_KEY_MISMATCH, AUTH_FAILED, CONNECT_TIMEOUT or
   *     INVALID_IDENTIFIER, naming the host and what to do
   */
  public static SshConnection open(
      SshEndpoint target, List<SshEndpoint> jumpHosts, SshTimeouts timeouts) throws SshFailure {
    List<SshEndpoint> jumps = jumpHosts == null ? List.of() : List.copyOf(jumpHosts);
    List<SshEndpoint> all = new ArrayList<>(jumps);
    all.add(target);
    List<Path> knownHostsFiles = new ArrayList<>();
    List<String> keyTypes = new ArrayList<>();
    for (SshEndpoint endpoint : all) {
      validate(endpoint);
      keyTypes.add(KeyUtils.getKeyType(loadKey(endpoint)));
      Path knownHosts = Path.of(endpoint.knownHostsFile());
      if (!knownHostsFiles.contains(knownHosts)) {
        knownHostsFiles.add(knownHosts);
      }
    }
    StrictKnownHosts verifier;
    try {
      verifier = new StrictKnownHosts(knownHostsFiles);
    } catch (IOException e) {
      throw new SshFailure(
          ErrorCode.HOST_KEY_UNKNOWN,
          e.getMessage()
              + ". Provide a known_hosts file holding the hosts' keys (verified out of band).",
          e);
    }

    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(verifier);
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setCipherFactories(preferredCiphers());
    client.setSignatureFactories(withoutSha1Rsa(client.getSignatureFactories()));
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, timeouts.heartbeatInterval());
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, timeouts.heartbeatMaxMissed());
    CoreModuleProperties.IDLE_TIMEOUT.set(client, timeouts.idle());
    CoreModuleProperties.AUTH_TIMEOUT.set(client, timeouts.auth());

    // Hop by hop: each jump host names only the hop before it. MINA 2.20 walks an inline
    // comma-separated ProxyJump list from its last entry, the reverse of OpenSSH.
    Map<String, HostConfigEntry> hops = new HashMap<>();
    String previous = null;
    for (int i = 0; i < jumps.size(); i++) {
      String alias = "ckan-migrate-jump-" + i;
      hops.put(alias, entry(alias, jumps.get(i), previous));
      previous = alias;
    }
    HostConfigEntry hostEntry = entry("ckan-migrate-target", target, previous);
    client.setHostConfigEntryResolver(
        (host, port, local, user, proxyJump, context) -> hops.get(host));
    client.start();

    ClientSession session = null;
    long started = System.nanoTime();
    try {
      Duration connectBudget = timeouts.connect().multipliedBy(all.size());
      session = client.connect(hostEntry, null, null).verify(connectBudget).getSession();
      long connected = System.nanoTime();
      session.auth().verify(timeouts.auth());
      log.info(
          "connected to {} ({} hops) in {} ms, authenticated with {} key(s) in {} ms; host key {},"
              + " key exchange {}",
          describe(target),
          jumps.size(),
          (connected - started) / 1_000_000,
          String.join(", ", keyTypes),
          (System.nanoTime() - connected) / 1_000_000,
          StrictKnownHosts.describe(session.getServerKey()),
          session.getKexNegotiationResult().get(KexProposalOption.ALGORITHMS));
      return new SshConnection(client, session, timeouts);
    } catch (IOException | RuntimeException e) {
      closeQuietly(session, client);
      throw classify(e, verifier, target, jumps, timeouts);
    }
  }

  private static HostConfigEntry entry(String alias, SshEndpoint endpoint, String proxyJump) {
    HostConfigEntry entry =
        new HostConfigEntry(alias, endpoint.host(), port(endpoint), endpoint.user(), proxyJump);
    entry.setIdentities(List.of(endpoint.privateKeyFile()));
    entry.setIdentitiesOnly(true);
    return entry;
  }

  /**
   * The client's signature algorithms less {@code ssh-rsa} (RSA with SHA-1) and its certificate
   * form: an RSA key then signs with rsa-sha2-512 or rsa-sha2-256, and an RSA host key must be
   * offered with one of them.
   */
  static List<NamedFactory<Signature>> withoutSha1Rsa(List<NamedFactory<Signature>> factories) {
    return factories.stream()
        .filter(
            f ->
                !KeyPairProvider.SSH_RSA.equals(f.getName())
                    && !KeyPairProvider.SSH_RSA_CERT.equals(f.getName()))
        .toList();
  }

  /** AES-GCM first: 1.3-2x faster than MINA's default ChaCha20 on CPUs with AES-NI. */
  private static List<NamedFactory<Cipher>> preferredCiphers() {
    List<NamedFactory<Cipher>> ciphers = new ArrayList<>();
    for (BuiltinCiphers cipher :
        List.of(
            BuiltinCiphers.aes128gcm,
            BuiltinCiphers.aes256gcm,
            BuiltinCiphers.cc20p1305_openssh,
            BuiltinCiphers.aes128ctr,
            BuiltinCiphers.aes192ctr,
            BuiltinCiphers.aes256ctr)) {
      if (cipher.isSupported()) {
        ciphers.add(cipher);
      }
    }
    return ciphers;
  }

  private static void validate(SshEndpoint endpoint) throws SshFailure {
    if (endpoint == null) {
      throw new SshFailure(ErrorCode.INVALID_IDENTIFIER, "an SSH endpoint is missing");
    }
    if (endpoint.host() == null
        || !HOST.matcher(endpoint.host()).matches()
        || endpoint.host().startsWith("-")) {
      throw new SshFailure(
          ErrorCode.INVALID_IDENTIFIER,
          "SSH host '" + endpoint.host() + "' is not a host name or address");
    }
    if (endpoint.port() < 0 || endpoint.port() > 65535) {
      throw new SshFailure(
          ErrorCode.INVALID_IDENTIFIER,
          "SSH port "
              + endpoint.port()
              + " of "
              + endpoint.host()
              + " is not 1-65535 (0 means 22)");
    }
    if (endpoint.user() == null || !USER.matcher(endpoint.user()).matches()) {
      throw new SshFailure(
          ErrorCode.INVALID_IDENTIFIER,
          "SSH user '"
              + endpoint.user()
              + "' for "
              + endpoint.host()
              + " is not a plain user name");
    }
    if (endpoint.knownHostsFile() == null) {
      throw new SshFailure(
          ErrorCode.HOST_KEY_UNKNOWN,
          "no known_hosts file given for "
              + describe(endpoint)
              + ": host keys are always checked; give the file holding its key");
    }
    if (endpoint.privateKeyFile() == null) {
      throw new SshFailure(
          ErrorCode.AUTH_FAILED, "no private key file given for " + describe(endpoint));
    }
  }

  /** Asked for a key file's passphrase: the file is encrypted. Stops the parse at once. */
  private static final class EncryptedKey extends IOException {
    EncryptedKey() {
      super("the key file is encrypted");
    }
  }

  private static KeyPair loadKey(SshEndpoint endpoint) throws SshFailure {
    Path file = Path.of(endpoint.privateKeyFile());
    String what = "the private key " + file + " for " + describe(endpoint);
    AtomicBoolean askedForPassphrase = new AtomicBoolean();
    FilePasswordProvider noPassphrase =
        (session, resource, retry) -> {
          askedForPassphrase.set(true);
          throw new EncryptedKey();
        };
    try (InputStream in = Files.newInputStream(file)) {
      Iterable<KeyPair> keys =
          SecurityUtils.loadKeyPairIdentities(
              null, NamedResource.ofName(file.toString()), in, noPassphrase);
      if (keys != null) {
        for (KeyPair key : keys) {
          return key;
        }
      }
      throw new SshFailure(ErrorCode.AUTH_FAILED, unreadableKey(what, file, null));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e instanceof SshFailure failure) {
        throw failure;
      }
      if (e instanceof NoSuchFileException) {
        throw new SshFailure(
            ErrorCode.AUTH_FAILED,
            what + " does not exist: give the path of an existing private key file",
            e);
      }
      if (!askedForPassphrase.get()) {
        throw new SshFailure(ErrorCode.AUTH_FAILED, unreadableKey(what, file, e), e);
      }
      // No cause attached: it says nothing more, and a parser's message might quote the file.
      throw new SshFailure(
          ErrorCode.AUTH_FAILED,
          what
              + " is encrypted with a passphrase. ckan-migrate runs unattended and never asks for"
              + " or stores passphrases: give it a dedicated key without one, readable only by the"
              + " service account (ssh-keygen -t ed25519 -N '' -f <file>), and add its .pub line to"
              + " the host's authorized_keys");
    }
  }

  /** Why a key file holds no usable private key, with what to do; never quotes the file. */
  private static String unreadableKey(String what, Path file, Exception e) {
    String head = "";
    try {
      byte[] start = new byte[64];
      int n;
      try (InputStream in = Files.newInputStream(file)) {
        n = in.readNBytes(start, 0, start.length);
      }
      head = new String(start, 0, n, StandardCharsets.US_ASCII);
    } catch (IOException ignored) {
      // the reason below is still true
    }
    String cause = e == null ? "" : " (" + e.getClass().getSimpleName() + ")";
    if (head.startsWith("ssh-") || head.startsWith("ecdsa-") || head.startsWith("sk-")) {
      return what + " holds a public key line: give the private key file (the one without .pub)";
    }
    if (head.startsWith("PuTTY-User-Key-File")) {
      return what
          + " is a PuTTY key: convert it with puttygen <file> -O private-openssh -o <new file>";
    }
    if (e != null
        && String.valueOf(e.getMessage()).contains(KeyPairProvider.SSH_ED25519)
        && !SecurityUtils.isEDDSACurveSupported()) {
      return what
          + " is an Ed25519 key, but this build lacks Ed25519 support (BouncyCastle's bcprov"
          + " is missing from the class path)";
    }
    return "cannot read "
        + what
        + cause
        + ": give an unencrypted Ed25519, ECDSA or RSA private key in OpenSSH or PEM format"
        + " (as ssh-keygen writes it), readable by this service only";
  }

  private static SshFailure classify(
      Exception e,
      StrictKnownHosts verifier,
      SshEndpoint target,
      List<SshEndpoint> jumps,
      SshTimeouts timeouts) {
    StrictKnownHosts.Refusal refusal = verifier.refusal();
    if (refusal != null) {
      return hostKeyRefused(e, refusal, verifier);
    }
    String route =
        describe(target)
            + (jumps.isEmpty()
                ? ""
                : " via "
                    + String.join(" -> ", jumps.stream().map(SshConnection::describe).toList()));
    return connectionFailed(e, route, timeouts);
  }

  /** The host key check refused a host: unknown, revoked or changed. */
  private static SshFailure hostKeyRefused(
      Exception e, StrictKnownHosts.Refusal refusal, StrictKnownHosts verifier) {
    String where = "[" + refusal.host() + "]:" + refusal.port();
    String skipped =
        refusal.skipped().isEmpty()
            ? ""
            : " Lines for this host that were skipped as unreadable: "
                + String.join("; ", refusal.skipped())
                + ".";
    if (refusal.revoked()) {
      return new SshFailure(
          ErrorCode.HOST_KEY_MISMATCH,
          "host "
              + where
              + " offered "
              + refusal.offered()
              + ", a key marked "
              + String.join(", ", refusal.expected())
              + " in known_hosts; it is never accepted. Ask the host's administrator for its"
              + " current key.",
          e);
    }
    if (refusal.unknown()) {
      return new SshFailure(
          ErrorCode.HOST_KEY_UNKNOWN,
          "host "
              + where
              + " is not in known_hosts "
              + verifier.files()
              + "; it offered "
              + refusal.offered()
              + ". Check that fingerprint with the host's administrator, then add the host's"
              + " public key line (ssh-keyscan output, checked); unknown hosts are never added"
              + " automatically."
              + skipped,
          e);
    }
    return new SshFailure(
        ErrorCode.HOST_KEY_MISMATCH,
        "host key of "
            + where
            + " has CHANGED: it offered "
            + refusal.offered()
            + " but known_hosts lists "
            + String.join(", ", refusal.expected())
            + ". This can be a man-in-the-middle attack or a reinstalled host: confirm with its"
            + " administrator before replacing the line."
            + skipped,
        e);
  }

  /**
   * The connection or login failed after (or without) a host key check: told apart by the SSH
   * disconnect reason MINA attaches (checked against a real MINA server in {@code SshRefusalsIT});
   * anything else, with no reason, is a connection failure and carries MINA's messages.
   */
  private static SshFailure connectionFailed(Exception e, String route, SshTimeouts timeouts) {
    int reason = disconnectReason(e);
    boolean loginRefused =
        reason == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE
            || reason == SshConstants.SSH2_DISCONNECT_ILLEGAL_USER_NAME
            || reason == SshConstants.SSH2_DISCONNECT_AUTH_CANCELLED_BY_USER;
    boolean noCommonAlgorithms = reason == SshConstants.SSH2_DISCONNECT_KEY_EXCHANGE_FAILED;
    if (loginRefused) {
      return new SshFailure(
          ErrorCode.AUTH_FAILED,
          "public-key authentication refused on the way to "
              + route
              + ": check that each host's authorized_keys holds the public key of the private key"
              + " file given for it",
          e);
    }
    if (noCommonAlgorithms) {
      // Reached the host, but it shares no key exchange, host key type or cipher with this client.
      return new SshFailure(
          ErrorCode.CONNECT_TIMEOUT,
          "could not agree on algorithms with "
              + route
              + ": "
              + messages(e)
              + ". The host's sshd is probably too old or restricted; it needs one of this"
              + " client's host key types (ssh-ed25519, ecdsa-sha2-*, rsa-sha2-512/256).",
          e);
    }
    return new SshFailure(
        ErrorCode.CONNECT_TIMEOUT,
        "could not connect to "
            + route
            + " within "
            + timeouts.connect().toSeconds()
            + " s per hop: "
            + messages(e)
            + ". Check host, port and network path.",
        e);
  }

  /**
   * The SSH disconnect reason (RFC 4253 section 11.1) MINA attached to the failure, 0 when none
   * did.
   */
  private static int disconnectReason(Throwable e) {
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof SshException ssh && ssh.getDisconnectCode() != 0) {
        return ssh.getDisconnectCode();
      }
    }
    return 0;
  }

  private static String messages(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      if (text.length() > 0) {
        text.append(": ");
      }
      text.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
    }
    return text.toString();
  }

  /** The fingerprint of the key the server accepted, for logs. */
  public String serverKeyFingerprint() {
    return session.getServerKey() == null ? "?" : KeyUtils.getFingerPrint(session.getServerKey());
  }

  /**
   * Opens an SFTP channel on this session (the caller closes it): file transfer over the same
   * checked, jump-hosted connection.
   */
  public SftpClient sftp() throws IOException {
    return SftpClientFactory.instance().createSftpClient(session);
  }

  /**
   * Opens an SFTP channel speaking exactly {@code version} of the protocol (3 is what OpenSSH's
   * sftp-server speaks), for callers that build requests themselves.
   */
  public SftpClient sftp(int version) throws IOException {
    return SftpClientFactory.instance()
        .createSftpClient(session, SftpVersionSelector.fixedVersionSelector(version));
  }

  /**
   * Starts a command; its stdout is read from {@link RemoteExec#stdout()} (MINA's piped stream:
   * fine for short output, for bulk output use {@link #execChunked}), the last 16 KB of its stderr
   * kept for {@link RemoteExec#stderr()}.
   */
  public RemoteExec exec(String commandLine) throws IOException {
    ChannelExec channel = session.createExecChannel(commandLine);
    StderrTail stderr = new StderrTail(16 * 1024);
    channel.setErr(stderr);
    channel.open().verify(timeouts.connect());
    return new RemoteExec(channel, stderr, null);
  }

  /**
   * Starts a command whose stdout is handed over in chunks ({@link RemoteExec#stdoutChunks()}): for
   * bulk output such as a dump. Each packet is copied once and MINA's I/O thread never waits for
   * the consumer; the SSH window paces the remote side. The last 16 KB of stderr are kept for
   * {@link RemoteExec#stderr()}.
   */
  public RemoteExec execChunked(String commandLine) throws IOException {
    StdoutChunks chunks = new StdoutChunks();
    ChunkedExecChannel channel = new ChunkedExecChannel(commandLine, chunks);
    StderrTail stderr = new StderrTail(16 * 1024);
    channel.setErr(stderr);
    session.getService(ConnectionService.class).registerChannel(channel);
    channel.open().verify(timeouts.connect());
    return new RemoteExec(channel, stderr, chunks);
  }

  /**
   * Starts a command whose stdout and stderr are written to the given streams as they arrive (from
   * SSH I/O threads: the streams must be thread-safe and quick). The channel's input stays open
   * until the command ends or the channel is closed; the remote command sees end-of-file on its
   * stdin only then.
   */
  public RemoteExec exec(String commandLine, OutputStream stdout, OutputStream stderr)
      throws IOException {
    ChannelExec channel = session.createExecChannel(commandLine);
    channel.setOut(stdout);
    channel.setErr(stderr);
    channel.open().verify(timeouts.connect());
    return new RemoteExec(channel, null, null);
  }

  /** Closes the session at once; a blocked read of the output then ends. Safe from any thread. */
  public void abort() {
    session.close(true);
  }

  @Override
  public void close() {
    closeQuietly(session, client);
  }

  private static void closeQuietly(ClientSession session, SshClient client) {
    if (session != null) {
      session.close(true);
    }
    client.stop();
  }
}
