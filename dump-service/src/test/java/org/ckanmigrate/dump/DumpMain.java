package org.ckanmigrate.dump;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ckanmigrate.common.spec.SourceSpec;
import tools.jackson.databind.json.JsonMapper;

/** Runs one dump in its own JVM, so a test can halt it at a crash point. */
public final class DumpMain {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private DumpMain() {}

  /** The command running a dump of {@code spec} (written to {@code specFile}) for {@code runId}. */
  static List<String> command(List<String> jvmOptions, SourceSpec spec, Path specFile, String runId)
      throws Exception {
    Files.writeString(specFile, JSON.writeValueAsString(spec));
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            DumpMain.class.getName(),
            specFile.toString(),
            runId));
    return command;
  }

  /** Arguments: the source spec as JSON in a file, and the run id. */
  public static void main(String[] args) throws Exception {
    SourceSpec spec = JSON.readValue(Files.readString(Path.of(args[0])), SourceSpec.class);
    DumpSettings settings =
        new DumpSettings(
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            3,
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1));
    DumpResult result = new DumpExecutor(settings).dump(spec, args[1], DumpControl.NONE);
    System.out.println("dumped " + result.artifact());
  }
}
