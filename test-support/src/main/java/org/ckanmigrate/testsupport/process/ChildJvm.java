package org.ckanmigrate.testsupport.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class's {@code main} run in a JVM of its own, with the test's classpath: how a test kills a
 * real process at a named point (a crash hook only that JVM's system properties enable) and then
 * resumes the work in its own.
 */
public final class ChildJvm {

  /** How the child ended: its exit status and everything it printed. */
  public record Exit(int status, String output) {}

  private ChildJvm() {}

  /** The command running {@code main}'s {@code main(args)} with {@code jvmOptions}. */
  public static List<String> command(List<String> jvmOptions, Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return command;
  }

  /**
   * Runs {@code command} to its end (its output in {@code log}); fails if it is still running after
   * {@code timeout} (it is killed).
   */
  public static Exit run(List<String> command, Path log, Duration timeout)
      throws IOException, InterruptedException {
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      child.destroyForcibly();
      throw new AssertionError(
          "the child JVM was still running after " + timeout + "; its output: " + log);
    }
    return new Exit(child.exitValue(), Files.readString(log));
  }
}
