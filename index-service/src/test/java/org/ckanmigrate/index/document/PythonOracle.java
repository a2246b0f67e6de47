package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's python3 as the oracle of the differential tests: a script reads one input a line and
 * prints one answer a line, in order.
 */
final class PythonOracle {

  private PythonOracle() {}

  /**
   * Skips the calling test, with one printed line, unless python3 can {@code import} {@code
   * module}.
   */
  static void require(String test, String module, String debianPackage) throws Exception {
    boolean ok;
    try {
      Process p = new ProcessBuilder("python3", "-c", "import " + module).start();
      ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      ok = false;
    }
    if (!ok) {
      System.out.println(
          test
              + ": skipped, python3 with "
              + module
              + " is not installed (Debian/Ubuntu: apt-get install "
              + debianPackage
              + ")");
    }
    Assumptions.assumeTrue(ok, "python3 with " + module + " is not installed");
  }

  /** Runs {@code script} (TZ=UTC) over {@code lines}; returns its answer to each. */
  static List<String> answers(String script, List<String> lines) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("python3", "-c", script);
    pb.environment().put("TZ", "UTC");
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    Thread feeder =
        new Thread(
            () -> {
              try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                for (String l : lines) {
                  w.write(l);
                  w.write('\n');
                }
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    feeder.start();
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.add(line);
      }
    }
    feeder.join();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(out).as("one answer per input").hasSameSizeAs(lines);
    return out;
  }
}
