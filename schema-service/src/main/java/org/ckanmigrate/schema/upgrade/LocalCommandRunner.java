package org.ckanmigrate.schema.upgrade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs CKAN's command on this machine, as a child process without a shell. */
public final class LocalCommandRunner implements CommandRunner {

  @Override
  public byte[] readFile(String path) throws IOException {
    return Files.readAllBytes(Path.of(path));
  }

  @Override
  public void writePrivateFile(String path, byte[] content) throws IOException {
    Path file = Path.of(path);
    Files.deleteIfExists(file);
    // Created 0600 before any byte is written: the ini holds the database password.
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
      out.write(content);
    }
  }

  @Override
  public void deleteFile(String path) throws IOException {
    Files.deleteIfExists(Path.of(path));
  }

  @Override
  public CommandOutcome run(List<String> argv, Duration timeout, Consumer<String> output)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    process.getOutputStream().close();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  output.accept(line);
                }
              } catch (IOException e) {
                // The process was killed or closed its output; the exit status tells the rest.
              } catch (UncheckedIOException e) {
                // Same, from the consumer.
              }
            },
            "ckan-upgrade-output");
    pump.setDaemon(true);
    pump.start();
    boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    pump.join(TimeUnit.SECONDS.toMillis(10));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return finished
        ? new CommandOutcome(process.exitValue(), false, elapsed)
        : new CommandOutcome(-1, true, elapsed);
  }
}
