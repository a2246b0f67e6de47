package org.ckanmigrate.stack.ssh;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an exec request with {@code /bin/bash -c} through {@link ProcessBuilder}. MINA's own {@code
 * ProcessShellCommandFactory} goes through {@code /bin/sh} (dash: no {@code pipefail}) and its pump
 * is about 40% slower than copying the streams directly, as done here.
 */
final class BashCommand implements Command {

  private static final Logger log = LoggerFactory.getLogger(BashCommand.class);
  private static final int BUFFER = 64 * 1024;

  private final String command;
  private final SshTestServer.Options options;
  private final List<BashCommand> registry;
  private final CountDownLatch killed = new CountDownLatch(1);
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;
  private volatile Process process;

  BashCommand(String command, SshTestServer.Options options, List<BashCommand> registry) {
    this.command = command;
    this.options = options;
    this.registry = registry;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-c", command);
    builder.environment().putAll(options.environment());
    if (!options.stdinFromChannel()) {
      builder.redirectInput(new File("/dev/null"));
    }
    process = builder.start();
    registry.add(this);
    if (options.stdinFromChannel()) {
      daemon("ssh-stdin", () -> copyStdin(process.getOutputStream()));
    } else {
      process.getOutputStream().close();
    }
    Thread stdout = daemon("ssh-stdout", () -> copyStdout(process.getInputStream(), channel));
    Thread stderr = daemon("ssh-stderr", () -> copyPlain(process.getErrorStream(), err));
    daemon(
        "ssh-exit",
        () -> {
          int rc;
          try {
            rc = process.waitFor();
            stdout.join();
            stderr.join();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          } finally {
            registry.remove(this);
          }
          exit.onExit(rc);
        });
  }

  private void copyStdin(OutputStream processIn) {
    try (processIn) {
      in.transferTo(processIn);
    } catch (IOException e) {
      log.debug("stdin copy ended: {}", e.toString());
    }
  }

  private void copyPlain(InputStream from, OutputStream to) {
    byte[] buffer = new byte[BUFFER];
    try {
      for (int n; (n = from.read(buffer)) >= 0; ) {
        to.write(buffer, 0, n);
        to.flush();
      }
    } catch (IOException e) {
      log.debug("stderr copy ended: {}", e.toString());
    }
  }

  private void copyStdout(InputStream from, ChannelSession channel) {
    byte[] buffer = new byte[BUFFER];
    long sent = 0;
    long started = System.nanoTime();
    try {
      while (true) {
        int max = buffer.length;
        max = (int) Math.min(max, remainingBefore(options.cutAfterBytes(), sent, max));
        max = (int) Math.min(max, remainingBefore(options.stallAfterBytes(), sent, max));
        max = (int) Math.min(max, remainingBefore(options.killAfterBytes(), sent, max));
        if (max == 0) {
          if (options.cutAfterBytes() >= 0 && sent >= options.cutAfterBytes()) {
            log.info("cutting the SSH session after {} bytes", sent);
            kill();
            channel.getSession().close(true);
            return;
          }
          if (options.stallAfterBytes() >= 0 && sent >= options.stallAfterBytes()) {
            log.info("stalling the command's output after {} bytes", sent);
            killed.await();
            return;
          }
          if (options.killAfterBytes() >= 0 && sent >= options.killAfterBytes()) {
            log.info("killing the command after {} bytes", sent);
            kill();
            // Keep delivering what the process had already written; then EOF.
            from.transferTo(out);
            out.flush();
            return;
          }
        }
        int n = from.read(buffer, 0, max);
        if (n < 0) {
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
        sent += n;
        throttle(sent, started);
      }
    } catch (IOException e) {
      log.debug("stdout copy ended: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long remainingBefore(long limit, long sent, int max) {
    return limit < 0 ? max : Math.max(0, limit - sent);
  }

  private void throttle(long sent, long startedNanos) throws InterruptedException {
    long rate = options.throttleBytesPerSecond();
    if (rate <= 0) {
      return;
    }
    long dueNanos = sent * 1_000_000_000L / rate;
    long aheadMillis = (dueNanos - (System.nanoTime() - startedNanos)) / 1_000_000L;
    if (aheadMillis > 0) {
      Thread.sleep(aheadMillis);
    }
  }

  /** SIGKILL the process and everything it started. */
  void kill() {
    Process p = process;
    if (p != null) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    killed.countDown();
  }

  @Override
  public void destroy(ChannelSession channel) {
    if (!options.commandsOutliveChannels()) {
      kill();
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
