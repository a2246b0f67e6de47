package org.ckanmigrate.schema.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.ssh.RemoteExec;
import org.ckanmigrate.ssh.RemoteShell;
import org.ckanmigrate.ssh.SshConnection;
import org.ckanmigrate.ssh.SshFailure;
import org.ckanmigrate.ssh.SshTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs CKAN's command on the CKAN host over SSH, with the dump's strict host-key client ({@link
 * SshConnection}): files over SFTP, the command over an exec channel. Each call opens its own
 * connection, so a host key is checked before anything is read, written or run, and a link lost
 * between calls costs nothing. Connection failures are {@link SshFailure}s naming the reason.
 *
 * <p>The remote account needs: a POSIX {@code sh}, coreutils {@code timeout}, {@code cat} and
 * {@code kill} (any Linux), CKAN's command on its PATH (or an absolute path in the template), read
 * access to ckan.ini and write access to its directory (the pass-1 copy is written beside it).
 */
public final class SshCommandRunner implements CommandRunner {

  /** Time between the TERM at the timeout and the KILL, unless given: CKAN may roll back. */
  public static final Duration DEFAULT_KILL_AFTER = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(SshCommandRunner.class);

  /**
   * Wraps the command on the remote side. Closing an exec channel does not kill its command under
   * OpenSSH (sshd signals nothing for a session without a terminal), so the command would outlive a
   * timeout or a lost link and race a resumed run. Two guards, both on the CKAN host, so they work
   * even when the link is gone:
   *
   * <ul>
   *   <li>coreutils {@code timeout} sends TERM at the timeout and KILL {@code $2} later, to the
   *       command's whole process group (timeout makes its own group), exiting 124 or 137;
   *   <li>a watcher reads the channel's stdin, which this client never writes nor closes: it ends
   *       only when the channel closes (our timeout, a cancel) or the SSH link dies, and then TERMs
   *       {@code timeout}, which passes it on to the group and KILLs after {@code $2} too.
   * </ul>
   *
   * The watcher reads a copy of stdin on fd 3: a non-interactive shell gives background jobs
   * /dev/null as their stdin. The SSH "signal" request was not used: OpenSSH honours it only from
   * 7.9 and then only for the shell itself, not its children, and it needs the link that may be
   * gone. The argv follows as positional parameters, so it is quoted once, for the login shell, and
   * never re-parsed.
   */
  static final String WRAPPER =
      "t=$1; k=$2; shift 2\n"
          + "exec 3<&0\n"
          + "timeout -k \"$k\" \"$t\" \"$@\" </dev/null 3<&- &\n"
          + "c=$!\n"
          + "{ cat <&3 >/dev/null; kill -TERM \"$c\"; } >/dev/null 2>&1 &\n"
          + "w=$!\n"
          + "exec 3<&-\n"
          + "wait \"$c\"\n"
          + "s=$?\n"
          + "kill \"$w\" 2>/dev/null\n"
          + "exit \"$s\"";

  /** coreutils timeout's exit status when it sent the TERM, and 128 + KILL. */
  private static final int TIMED_OUT = 124;

  private static final int KILLED = 137;

  private static final int CHUNK = 32 * 1024;

  private final SshEndpoint host;
  private final List<SshEndpoint> jumpHosts;
  private final SshTimeouts timeouts;
  private final Duration killAfter;

  /** The runner for {@code host} with 30 s connect and auth, keep-alives every 15 s. */
  public SshCommandRunner(SshEndpoint host) {
    this(host, List.of());
  }

  /** The same, reaching {@code host} through {@code jumpHosts} in order (ProxyJump). */
  public SshCommandRunner(SshEndpoint host, List<SshEndpoint> jumpHosts) {
    this(host, jumpHosts, SshTimeouts.defaults(Duration.ofMinutes(10)), DEFAULT_KILL_AFTER);
  }

  /**
   * @param jumpHosts hops to {@code host}, in order (null or empty: direct)
   * @param timeouts connection timeouts; the idle time of a command's session is raised to its
   *     timeout, since CKAN's upgrade may be silent for hours
   * @param killAfter time between the TERM at the timeout and the KILL
   */
  public SshCommandRunner(
      SshEndpoint host, List<SshEndpoint> jumpHosts, SshTimeouts timeouts, Duration killAfter) {
    this.host = host;
    this.jumpHosts = jumpHosts == null ? List.of() : List.copyOf(jumpHosts);
    this.timeouts = timeouts;
    this.killAfter = killAfter;
  }

  private SshConnection connect(SshTimeouts with) throws SshFailure {
    return SshConnection.open(host, jumpHosts, with);
  }

  private String where(String path) {
    return path + " on " + SshConnection.describe(host);
  }

  @Override
  public byte[] readFile(String path) throws IOException {
    try (SshConnection connection = connect(timeouts);
        SftpClient sftp = connection.sftp();
        InputStream in = sftp.read(path)) {
      return in.readAllBytes();
    } catch (SftpException e) {
      throw new IOException("cannot read " + where(path) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void writePrivateFile(String path, byte[] content) throws IOException {
    try (SshConnection connection = connect(timeouts);
        SftpClient sftp = connection.sftp(3)) {
      removeIfExists(sftp, path);
      try (SftpClient.CloseableHandle handle = SftpPrivateFile.create(sftp, path)) {
        for (int offset = 0; offset < content.length; offset += CHUNK) {
          sftp.write(handle, offset, content, offset, Math.min(CHUNK, content.length - offset));
        }
      }
    } catch (SftpException e) {
      throw new IOException("cannot write " + where(path) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void deleteFile(String path) throws IOException {
    try (SshConnection connection = connect(timeouts);
        SftpClient sftp = connection.sftp()) {
      removeIfExists(sftp, path);
    } catch (SftpException e) {
      throw new IOException("cannot delete " + where(path) + ": " + e.getMessage(), e);
    }
  }

  private static void removeIfExists(SftpClient sftp, String path) throws IOException {
    try {
      sftp.remove(path);
    } catch (SftpException e) {
      if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
        throw e;
      }
    }
  }

  /**
   * Runs {@code argv} under {@link #WRAPPER}. The exit status is the command's own; 124 or 137
   * after the timeout has passed means coreutils {@code timeout} stopped it. A link lost before the
   * exit status arrived is an {@link IOException}, never a success.
   */
  @Override
  public CommandOutcome run(List<String> argv, Duration timeout, Consumer<String> output)
      throws IOException, InterruptedException {
    List<String> tokens = new ArrayList<>(List.of("sh", "-c", WRAPPER, "ckan-migrate-upgrade"));
    tokens.add(seconds(timeout));
    tokens.add(seconds(killAfter));
    tokens.addAll(argv);
    // The session may be silent for as long as the command may run; keep-alives detect a dead
    // link meanwhile.
    Duration commandTime = timeout.plus(killAfter).plus(timeouts.heartbeatWindow());
    SshTimeouts forCommand =
        new SshTimeouts(
            timeouts.connect(),
            timeouts.auth(),
            timeouts.heartbeatInterval(),
            timeouts.heartbeatMaxMissed(),
            commandTime.plusMinutes(1).compareTo(timeouts.idle()) > 0
                ? commandTime.plusMinutes(1)
                : timeouts.idle());
    long start = System.nanoTime();
    try (SshConnection connection = connect(forCommand);
        LineOutput stdout = new LineOutput(output);
        LineOutput stderr = new LineOutput(output)) {
      RemoteExec exec = connection.exec(RemoteShell.commandLine(tokens), stdout, stderr);
      try (exec) {
        long deadline = start + commandTime.toNanos();
        boolean closed = false;
        while (!closed) {
          if (Thread.interrupted()) {
            // Closing the channel ends the watcher's stdin: the command is stopped there too.
            throw new InterruptedException("interrupted while " + argv.get(0) + " ran");
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          closed = exec.awaitClosed(Duration.ofNanos(Math.min(left, 500_000_000L)));
        }
        stdout.flush();
        stderr.flush();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Integer status = exec.exitStatus();
        if (!closed && status == null) {
          log.warn(
              "{} on {} still had not ended {} after its timeout; closing its channel",
              argv.get(0),
              SshConnection.describe(host),
              killAfter);
          return new CommandOutcome(-1, true, elapsed);
        }
        if (status == null) {
          String signal = exec.exitSignal();
          if (signal != null) {
            throw new IOException(
                argv.get(0) + " on " + SshConnection.describe(host) + " died of signal " + signal);
          }
          throw new IOException(
              "the SSH link to "
                  + SshConnection.describe(host)
                  + " was lost after "
                  + elapsed.toSeconds()
                  + " s, before "
                  + argv.get(0)
                  + "'s exit status arrived: its outcome is unknown. The command is stopped on"
                  + " the host when its sshd notices the lost link; check it is gone, then resume");
        }
        if ((status == TIMED_OUT || status == KILLED) && elapsed.compareTo(timeout) >= 0) {
          return new CommandOutcome(-1, true, elapsed);
        }
        return new CommandOutcome(status, false, elapsed);
      }
    }
  }

  /** Whole seconds, rounded up, at least 1: what every coreutils {@code timeout} accepts. */
  static String seconds(Duration duration) {
    long millis = Math.max(1, duration.toMillis());
    return ((millis + 999) / 1000) + "s";
  }
}
