package org.ckanmigrate.load.artifact;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.common.compress.Codec;
import org.ckanmigrate.load.dump.QualifiedName;

/**
 * What the preflight read found: the artifact is whole, and where each table's data is.
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

  /**
   * This index with each block's compressed member from the manifest (matched by position in the
   * SQL), so workers can seek to their block instead of reading a spool.
   */
  public DumpIndex withMembers(DumpManifest manifest) {
    if (manifest == null || manifest.tables() == null) {
      return this;
    }
    List<CopyBlock> out = new java.util.ArrayList<>();
    for (CopyBlock b : blocks) {
      CopyBlock.Member member = null;
      for (DumpManifest.TableCopy t : manifest.tables()) {
        if (t.seekable()
            && t.uncompressedOffset() < b.bodyOffset()
            && (t.uncompressedLength() == null
                || b.bodyOffset() + b.bodyLength()
                    <= t.uncompressedOffset() + t.uncompressedLength())) {
          member = new CopyBlock.Member(t.offset(), t.length(), t.uncompressedOffset());
        }
      }
      out.add(member == null ? b : b.withMember(member));
    }
    return new DumpIndex(
        artifactBytes, sha256, codec, dumpBytes, List.copyOf(out), seekable, spoolBytes);
  }

  /** Whether every block to load can be read on its own (seekable dump or compressed members). */
  public boolean blocksReadable() {
    return seekable != null
        || blocks.stream().filter(CopyBlock::load).allMatch(b -> b.member() != null);
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
