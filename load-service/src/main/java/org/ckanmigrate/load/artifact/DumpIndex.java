package org.ckanmigrate.load.artifact;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.load.dump.QualifiedName;

/**
 * What the preflight read found: the artifact is whole, and where each table's data is.
 *
 * @param artifactBytes size of the artifact file
 * @param sha256 hex SHA-256 of the artifact
 * @param compressed whether the artifact is gzip
 * @param dumpBytes size of the decompressed dump
 * @param blocks COPY blocks in dump order
 * @param seekable an uncompressed copy of the dump that workers can read at offsets (the artifact
 *     itself, or a spool file), or null when the load must stream
 * @param spoolBytes disk taken by a spool file (0 when none)
 */
public record DumpIndex(
    long artifactBytes,
    String sha256,
    boolean compressed,
    long dumpBytes,
    List<CopyBlock> blocks,
    Path seekable,
    long spoolBytes) {

  /** Rows each loaded table must end with (0 for schema-only tables). */
  public Map<QualifiedName, Long> expectedRows() {
    Map<QualifiedName, Long> rows = new LinkedHashMap<>();
    for (CopyBlock b : blocks) {
      rows.merge(b.table(), b.load() ? b.rows() : 0L, Long::sum);
    }
    return rows;
  }
}
