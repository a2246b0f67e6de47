package org.ckanmigrate.dump;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ckanmigrate.contract.spec.SourceSpec;
import org.ckanmigrate.testsupport.process.ChildJvm;
import tools.jackson.databind.json.JsonMapper;

/** Runs one dump in its own JVM, so a test can halt it at a crash point. */
public final class DumpMain {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private DumpMain() {}

  /** The command running a dump of {@code spec} (written to {@code specFile}) for {@code runId}. */
  static List<String> command(List<String> jvmOptions, SourceSpec spec, Path specFile, String runId)
      throws Exception {
    Files.writeString(specFile, JSON.writeValueAsString(spec));
    return ChildJvm.command(jvmOptions, DumpMain.class, List.of(specFile.toString(), runId));
  }

  /** Arguments: the source spec as JSON in a file, and the run id. */
  public static void main(String[] args) throws Exception {
    SourceSpec spec = JSON.readValue(Files.readString(Path.of(args[0])), SourceSpec.class);
    DumpResult result = new DumpExecutor(DumpExecutorIT.TEST).dump(spec, args[1], DumpControl.NONE);
    System.out.println("dumped " + result.artifact());
  }
}
