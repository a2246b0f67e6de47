package org.ckanmigrate.schema.upgrade;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where CKAN's upgrade command runs: this machine ({@link LocalCommandRunner}) or the CKAN host
 * over SSH ({@link SshCommandRunner}, the dump's strict host-key client). Paths are paths on that
 * machine; the temporary ini is written there, beside the real one. A remote runner's connection
 * failures are {@link org.ckanmigrate.ssh.SshFailure}s (an {@link IOException}) naming the reason.
 */
public interface CommandRunner {

  /** The bytes of a file. */
  byte[] readFile(String path) throws IOException;

  /** Writes a file readable only by its owner, replacing any left over from a crashed run. */
  void writePrivateFile(String path, byte[] content) throws IOException;

  /** Deletes a file if it exists. */
  void deleteFile(String path) throws IOException;

  /**
   * Runs {@code argv} (no shell locally; each token single-quoted for a remote shell), stdin empty,
   * stdout and stderr merged and handed line by line to {@code output}. Kills the command (and its
   * children) when {@code timeout} passes, and returns only once it has ended or been killed.
   *
   * @return the command's own exit status, or a timed-out outcome
   * @throws IOException when it could not be started, or its exit status was lost (an SSH link that
   *     died): an unknown outcome is never reported as a success
   */
  CommandOutcome run(List<String> argv, Duration timeout, Consumer<String> output)
      throws IOException, InterruptedException;
}
