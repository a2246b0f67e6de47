package org.ckanmigrate.dump.artifact;

import java.util.List;
import org.ckanmigrate.artifact.DumpManifest;

/**
 * What was learnt from reading the plain SQL while it streamed.
 *
 * @param complete whether pg_dump's closing {@code -- PostgreSQL database dump complete} comment
 *     was seen, followed only by comments, blank lines and psql meta-commands
 * @param pgDumpVersion from the header, or null
 * @param serverVersion from the header, or null
 * @param uncompressedBytes plain SQL bytes read
 * @param tables the COPY blocks, in order
 * @param openCopyTable the table of a COPY block that never reached its {@code \.}, or null
 */
public record DumpScan(
    boolean complete,
    String pgDumpVersion,
    String serverVersion,
    long uncompressedBytes,
    List<DumpManifest.TableCopy> tables,
    String openCopyTable) {

  public long totalRows() {
    return tables.stream().mapToLong(DumpManifest.TableCopy::rows).sum();
  }
}
