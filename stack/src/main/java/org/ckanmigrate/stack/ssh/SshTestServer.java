package org.ckanmigrate.stack.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AgentForwardingFilter;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.server.forward.X11ForwardingFilter;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SSH server (Apache MINA SSHD) on 127.0.0.1 and a free port, for tests: public-key
 * authentication against the keys given to it, exec commands run locally with {@code /bin/bash -c}
 * (so {@code set -o pipefail} works and a real {@code pg_dump} can run), optional SFTP, optional
 * {@code direct-tcpip} forwarding so it can serve as a ProxyJump host, and fault switches that cut,
 * stall, throttle or kill a command's output mid-stream.
 *
 * <p>It records what it was asked to do ({@link #commands()}, {@link #directTcpip()}, {@link
 * #authAttempts()}) so tests can assert that nothing ran after a refused connection.
 *
 * <pre>{@code
 * KeyPair client = SshKeys.generate();
 * try (SshTestServer ssh = SshTestServer.builder().authorizedKey(client.getPublic())
 *     .environment(Map.of("PGHOST", pg.host())).start()) {
 *   ssh.writeKnownHosts(knownHosts);
 *   ... connect to ssh.host():ssh.port() ...
 * }
 * }</pre>
 */
public final class SshTestServer implements AutoCloseable {

  /** The address the server listens on. */
  public static final String HOST = "127.0.0.1";

  private final SshServer server;
  private final KeyPair hostKey;
  private final Options options;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<String> directTcpip = new CopyOnWriteArrayList<>();
  private final AtomicInteger authAttempts = new AtomicInteger();
  private final List<BashCommand> running = new CopyOnWriteArrayList<>();

  private SshTestServer(Builder builder) {
    this.options = builder.options();
    this.hostKey = builder.hostKey != null ? builder.hostKey : SshKeys.generate();
    List<PublicKey> authorized = List.copyOf(builder.authorizedKeys);
    server = SshServer.setUpDefaultServer();
    server.setHost(HOST);
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator(
        (user, key, session) -> {
          authAttempts.incrementAndGet();
          return authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
        });
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setCommandFactory(
        (channel, command) -> {
          commands.add(command);
          return new BashCommand(command, options, running);
        });
    TcpForwardingFilter tcp =
        new TcpForwardingFilter() {
          @Override
          public boolean canListen(SshdSocketAddress address, Session session) {
            return false;
          }

          @Override
          public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
            if (!builder.forwarding || type != Type.Direct) {
              return false;
            }
            directTcpip.add(address.getHostName() + ":" + address.getPort());
            return true;
          }
        };
    server.setForwardingFilter(
        ForwardingFilter.asForwardingFilter(
            AgentForwardingFilter.of(false), X11ForwardingFilter.of(false), tcp));
    if (builder.sftpRoot != null) {
      server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
      server.setFileSystemFactory(new VirtualFileSystemFactory(builder.sftpRoot));
    }
    if (builder.idleTimeout != null) {
      CoreModuleProperties.IDLE_TIMEOUT.set(server, builder.idleTimeout);
    }
    if (builder.onlyCipher != null) {
      server.setCipherFactories(List.of(builder.onlyCipher));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  /** The port chosen at start. */
  public int port() {
    return server.getPort();
  }

  public PublicKey hostPublicKey() {
    return hostKey.getPublic();
  }

  /** The host key's fingerprint as OpenSSH prints it ({@code SHA256:...}). */
  public String hostKeyFingerprint() {
    return KeyUtils.getFingerPrint(hostKey.getPublic());
  }

  /** This server's known_hosts line: {@code [127.0.0.1]:PORT <type> <base64>}. */
  public String knownHostsLine() {
    return knownHostsLine(port());
  }

  /**
   * A known_hosts line for this server's key seen at another port (e.g. behind a {@link TcpProxy}).
   */
  public String knownHostsLine(int port) {
    return "[" + HOST + "]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic());
  }

  /** Appends {@link #knownHostsLine()} to each file, creating it (and its directory) if needed. */
  public void writeKnownHosts(Path... files) {
    for (Path file : files) {
      try {
        if (file.toAbsolutePath().getParent() != null) {
          Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(
            file, knownHostsLine() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Every exec command received, in order, exactly as the client sent it. */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  /** Every accepted {@code direct-tcpip} request as {@code host:port}, in order. */
  public List<String> directTcpip() {
    return List.copyOf(directTcpip);
  }

  /** How many public keys clients offered (0 if every connection was refused earlier). */
  public int authAttempts() {
    return authAttempts.get();
  }

  /** Open sessions right now. */
  public int activeSessions() {
    return server.getActiveSessions().size();
  }

  /**
   * Closes every session at once (the client sees the link drop), keeping the server up. Running
   * commands are killed, unless {@link Builder#commandsOutliveChannels()} was set.
   */
  public void disconnectAll() {
    for (var session : server.getActiveSessions()) {
      session.close(true);
    }
    if (!options.commandsOutliveChannels()) {
      killRunning();
    }
  }

  /** Stops listening and drops every session; running commands are killed. */
  public void stop() {
    try {
      server.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      killRunning();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void killRunning() {
    for (BashCommand command : running) {
      command.kill();
    }
  }

  private SshTestServer startServer() {
    try {
      server.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test SSH server", e);
    }
  }

  /** Fault and process settings shared by the commands of one server. */
  record Options(
      Map<String, String> environment,
      boolean stdinFromChannel,
      long throttleBytesPerSecond,
      long cutAfterBytes,
      long stallAfterBytes,
      long killAfterBytes,
      boolean commandsOutliveChannels) {}

  /** Configures an {@link SshTestServer}; {@link #start()} builds and starts it. */
  public static final class Builder {
    private final List<PublicKey> authorizedKeys = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private KeyPair hostKey;
    private boolean forwarding;
    private Path sftpRoot;
    private boolean stdinFromChannel;
    private long throttleBytesPerSecond;
    private long cutAfterBytes = -1;
    private long stallAfterBytes = -1;
    private long killAfterBytes = -1;
    private Duration idleTimeout;
    private boolean commandsOutliveChannels;
    private BuiltinCiphers onlyCipher;

    private Builder() {}

    /** Offer only this cipher (e.g. an old CBC one a strict client does not accept). */
    public Builder onlyCipher(BuiltinCiphers cipher) {
      this.onlyCipher = Objects.requireNonNull(cipher);
      return this;
    }

    /** A public key allowed to log in, as any user. */
    public Builder authorizedKey(PublicKey key) {
      authorizedKeys.add(Objects.requireNonNull(key));
      return this;
    }

    /** Use this host key instead of a freshly generated one (e.g. to impersonate another host). */
    public Builder hostKey(KeyPair key) {
      this.hostKey = Objects.requireNonNull(key);
      return this;
    }

    /** Added to the environment of every command (e.g. {@code PGHOST}, {@code PGPORT}). */
    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    public Builder environment(Map<String, String> variables) {
      environment.putAll(variables);
      return this;
    }

    /** Accept {@code direct-tcpip} channels, so the server can be a ProxyJump host. */
    public Builder forwarding() {
      this.forwarding = true;
      return this;
    }

    /** Serve SFTP with {@code root} as the file system root. */
    public Builder sftp(Path root) {
      this.sftpRoot = root;
      return this;
    }

    /** Feed the channel's input to the command's stdin (default: {@code /dev/null}). */
    public Builder stdinFromChannel() {
      this.stdinFromChannel = true;
      return this;
    }

    /** Limit each command's stdout to about this many bytes per second. */
    public Builder throttle(long bytesPerSecond) {
      this.throttleBytesPerSecond = bytesPerSecond;
      return this;
    }

    /**
     * After sending this many stdout bytes of a command, drop the whole SSH session at once (the
     * client sees the link cut mid-stream, with no exit status).
     */
    public Builder cutAfterBytes(long bytes) {
      this.cutAfterBytes = bytes;
      return this;
    }

    /**
     * After sending this many stdout bytes, send nothing more and never exit, keeping the session
     * open: a remote side that hangs. Heartbeats are still answered.
     */
    public Builder stallAfterBytes(long bytes) {
      this.stallAfterBytes = bytes;
      return this;
    }

    /**
     * After this many stdout bytes, SIGKILL the command's process tree (as if the remote pg_dump
     * were killed); the output read so far is delivered and the exit status is the shell's.
     */
    public Builder killAfterBytes(long bytes) {
      this.killAfterBytes = bytes;
      return this;
    }

    /**
     * Behave like OpenSSH's sshd for commands without a terminal: a command keeps running when its
     * channel or session closes (it only sees its stdin end, with {@link #stdinFromChannel()}). By
     * default they are killed. {@link SshTestServer#stop()} still kills them.
     */
    public Builder commandsOutliveChannels() {
      this.commandsOutliveChannels = true;
      return this;
    }

    /** Server-side idle timeout (MINA's default is 10 minutes). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    Options options() {
      return new Options(
          Map.copyOf(environment),
          stdinFromChannel,
          throttleBytesPerSecond,
          cutAfterBytes,
          stallAfterBytes,
          killAfterBytes,
          commandsOutliveChannels);
    }

    public SshTestServer start() {
      if (authorizedKeys.isEmpty()) {
        throw new IllegalStateException("give the test SSH server at least one authorizedKey(...)");
      }
      return new SshTestServer(this).startServer();
    }
  }
}
