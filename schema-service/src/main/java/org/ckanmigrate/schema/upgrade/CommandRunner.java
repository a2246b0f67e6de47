package org.ckanmigrate.schema.upgrade;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where CKAN's upgrade command runs: this machine ({@link LocalCommandRunner}) or, later, the CKAN
 * host over SSH with the dump-service's strict host-key client. Paths are paths on that machine;
 * the temporary ini must be written there, beside the real one.
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
   * children) when {@code timeout} passes.
   */
  CommandOutcome run(List<String> argv, Duration timeout, Consumer<String> output)
      throws IOException, InterruptedException;
}
