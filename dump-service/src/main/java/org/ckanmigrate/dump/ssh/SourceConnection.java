package org.ckanmigrate.dump.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.sftp.client.SftpClient;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.dump.DumpFailedException;
import org.ckanmigrate.dump.DumpSettings;
import org.ckanmigrate.ssh.RemoteExec;
import org.ckanmigrate.ssh.SshConnection;
import org.ckanmigrate.ssh.SshFailure;
import org.ckanmigrate.ssh.SshTimeouts;

/**
 * The dump's SSH session to the source (or the transfer destination), through zero or more jump
 * hosts: the shared strict host-key client {@link SshConnection} with the dump's timeouts, its
 * failures reported as the dump's error codes.
 */
public final class SourceConnection implements AutoCloseable {

  private final SshConnection connection;

  private SourceConnection(SshConnection connection) {
    this.connection = connection;
  }

  /** {@code user@host:port} of an endpoint, for logs and the manifest. */
  public static String describe(SshEndpoint endpoint) {
    return SshConnection.describe(endpoint);
  }

  /**
   * Validates the endpoints, connects through the jump hosts in order and authenticates.
   *
   * @throws DumpFailedException HOST_KEY_UNKNOWN, HOST_KEY_MISMATCH, AUTH_FAILED, CONNECT_TIMEOUT
   *     or INVALID_IDENTIFIER, naming the host
   */
  public static SourceConnection open(
      SshEndpoint source, List<SshEndpoint> jumpHosts, DumpSettings settings)
      throws DumpFailedException {
    try {
      return new SourceConnection(SshConnection.open(source, jumpHosts, timeouts(settings)));
    } catch (SshFailure e) {
      throw new DumpFailedException(e.code(), e.getMessage(), e);
    }
  }

  static SshTimeouts timeouts(DumpSettings settings) {
    Duration heartbeatWindow =
        settings.heartbeatInterval().multipliedBy(settings.heartbeatMaxMissed() + 1L);
    // MINA's idle timeout (default 10 min) would close a session whose pg_dump waits on a lock;
    // the stall timeout decides that, so the idle timeout must outlast it.
    Duration idle =
        (settings.stallTimeout().compareTo(heartbeatWindow) > 0
                ? settings.stallTimeout()
                : heartbeatWindow)
            .plusMinutes(1);
    return new SshTimeouts(
        settings.connectTimeout(),
        settings.authTimeout(),
        settings.heartbeatInterval(),
        settings.heartbeatMaxMissed(),
        idle);
  }

  /** The fingerprint of the key the server accepted, for logs. */
  public String serverKeyFingerprint() {
    return connection.serverKeyFingerprint();
  }

  /**
   * Opens an SFTP channel on this session (the caller closes it). Used to upload the artifact to
   * the loader's host over the same checked, jump-hosted connection.
   */
  public SftpClient sftp() throws IOException {
    return connection.sftp();
  }

  /**
   * Starts a command whose stdout is handed over in chunks ({@link RemoteExec#stdoutChunks()}):
   * copied once from each SSH packet, consumed on the caller's thread, with the SSH window as
   * backpressure, so MINA's I/O thread (keep-alives included) never waits for the artifact writer.
   */
  public RemoteExec exec(String commandLine) throws IOException {
    return connection.execChunked(commandLine);
  }

  /** Closes the session at once; a blocked read of the output then ends. Safe from any thread. */
  public void abort() {
    connection.abort();
  }

  @Override
  public void close() {
    connection.close();
  }
}
