package org.ckanmigrate.load.artifact;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.load.dump.QualifiedName;

/**
 * What the read of the artifact found: it is whole, and where each table's data is.
 *
 * @param artifactBytes size of the artifact file
 * @param sha256 hex SHA-256 of the artifact, checked against the recorded one; null when none was
 *     recorded
 * @param codec how the artifact is compressed (detected from its first bytes; {@link Codec#NONE}
 *     for a plain dump); its {@link Codec#decoder} reads the whole artifact or one member
 * @param dumpBytes size of the decompressed dump
 * @param blocks COPY blocks in dump order
 * @param seekable an uncompressed copy of the dump that workers can read at offsets (the artifact
 *     itself, or a spool file), or null when the load must stream
 * @param spoolBytes disk taken by a spool file (0 when none)
 */
public record DumpIndex(
    long artifactBytes,
    String sha256,
    Codec codec,
    long dumpBytes,
    List<CopyBlock> blocks,
    Path seekable,
    long spoolBytes) {

  /** Whether the artifact is compressed (gzip, zstd or lz4). */
  public boolean compressed() {
    return codec.compressed();
  }

  /** Rows each loaded table must end with (0 for schema-only tables). */
  public Map<QualifiedName, Long> expectedRows() {
    Map<QualifiedName, Long> rows = new LinkedHashMap<>();
    for (CopyBlock b : blocks) {
      rows.merge(b.table(), b.load() ? b.rows() : 0L, Long::sum);
    }
    return rows;
  }
}
