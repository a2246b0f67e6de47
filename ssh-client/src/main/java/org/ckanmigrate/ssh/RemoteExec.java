package org.ckanmigrate.ssh;

import java.io.InputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;

/** A command running on an {@link SshConnection}. Closing it closes its channel. */
public final class RemoteExec implements AutoCloseable {

  private final ChannelExec channel;
  private final StderrTail stderr;
  private final StdoutChunks chunks;

  RemoteExec(ChannelExec channel, StderrTail stderr, StdoutChunks chunks) {
    this.channel = channel;
    this.stderr = stderr;
    this.chunks = chunks;
  }

  /**
   * The command's stdout; ends when the command ends or the link is lost.
   *
   * @throws IllegalStateException when the command was not started by {@link
   *     SshConnection#exec(String)}
   */
  public InputStream stdout() {
    if (stderr == null || chunks != null) {
      throw new IllegalStateException("this command's stdout is not a piped stream");
    }
    return channel.getInvertedOut();
  }

  /**
   * The command's stdout in chunks; ends when the command ends or the link is lost.
   *
   * @throws IllegalStateException when the command was not started by {@link
   *     SshConnection#execChunked(String)}
   */
  public StdoutChunks stdoutChunks() {
    if (chunks == null) {
      throw new IllegalStateException("this command's stdout is not handed over in chunks");
    }
    return chunks;
  }

  /**
   * Waits for the channel to close; then {@link #exitStatus()} and {@link #exitSignal()} hold.
   *
   * @return whether it closed within {@code timeout}
   */
  public boolean awaitClosed(Duration timeout) {
    Set<ClientChannelEvent> events =
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
    return events.contains(ClientChannelEvent.CLOSED);
  }

  /** The exit status, or null if none arrived (killed by a signal, or the link was lost). */
  public Integer exitStatus() {
    return channel.getExitStatus();
  }

  /** The signal that killed the command (e.g. {@code KILL}), or null. */
  public String exitSignal() {
    return channel.getExitSignal();
  }

  /** The last 16 KB of stderr, raw (scrub before showing); empty if stderr went to a stream. */
  public String stderr() {
    return stderr == null ? "" : stderr.text();
  }

  @Override
  public void close() {
    channel.close(true);
  }
}
