package org.ckanmigrate.load.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ckanmigrate.load.LoadError;
import org.ckanmigrate.load.LoadFailedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON manifest the dump phase writes beside the artifact ({@code <artifact>.manifest.json}).
 * Unknown fields are ignored, so the dump phase can add to it freely. Example:
 *
 * <pre>{@code
 * {"artifact": "ckan.sql.gz", "sizeBytes": 1234, "sha256": "ab12...", "compression": "gzip",
 *  "source": {"systemIdentifier": "7301...", "database": "ckan"},
 *  "tables": [{"schema": "public", "name": "package", "rows": 42}]}
 * }</pre>
 *
 * @param source the dumped database, so the loader can refuse to load into it
 * @param tables per-table COPY row counts counted while dumping
 */
public record DumpManifest(
    String artifact,
    Long sizeBytes,
    String sha256,
    String compression,
    Source source,
    List<TableRows> tables) {

  /** The dumped server ({@code pg_control_system().system_identifier}) and database. */
  public record Source(String systemIdentifier, String database) {}

  /** COPY rows of one table. */
  public record TableRows(String schema, String name, long rows) {}

  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Where the manifest of {@code artifact} is expected. */
  public static Path besides(Path artifact) {
    return artifact.resolveSibling(artifact.getFileName() + ".manifest.json");
  }

  public static DumpManifest read(Path file) {
    try {
      return JSON.readValue(Files.readString(file), DumpManifest.class);
    } catch (IOException | JacksonException e) {
      throw new LoadFailedException(
          LoadError.ARTIFACT_UNREADABLE,
          "the manifest " + file + " cannot be read as JSON: " + e.getMessage(),
          e);
    }
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(this));
  }
}
