package org.ckanmigrate.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ckanmigrate.artifact.DumpManifest;

/** Manifests with the fields the loader reads, the rest left out as a hand-made one would. */
public final class TestManifests {

  private TestManifests() {}

  public static DumpManifest of(
      String database,
      String artifact,
      String compression,
      Long sizeBytes,
      Long uncompressedBytes,
      String sha256,
      String sourceSystemIdentifier,
      List<DumpManifest.TableCopy> tables) {
    return new DumpManifest(
        DumpManifest.FORMAT_VERSION,
        null,
        null,
        null,
        database,
        artifact,
        compression,
        sizeBytes,
        uncompressedBytes,
        sha256,
        null,
        null,
        sourceSystemIdentifier,
        null,
        null,
        null,
        null,
        tables,
        null);
  }

  /** Writes {@code manifest} where the loader looks for the manifest of {@code artifact}. */
  public static void writeBeside(Path artifact, DumpManifest manifest) throws IOException {
    Files.write(DumpManifest.besides(artifact), manifest.toJson());
  }
}
