package org.ckanmigrate.load.artifact;

import java.util.List;
import org.ckanmigrate.load.dump.QualifiedName;

/**
 * One table's COPY data in the decompressed dump.
 *
 * @param table the table, schema resolved
 * @param sql the COPY statement
 * @param line line of the COPY statement
 * @param bodyOffset where the data starts in the decompressed dump
 * @param bodyLength bytes of data, without the {@code \.} line
 * @param rows rows in the dump
 * @param settings session settings in force (replayed by the worker that loads the block)
 * @param load false when the run spec skips the data (excluded or schema-only table)
 * @param member the block's own gzip member in the artifact, when the dump phase wrote one
 */
public record CopyBlock(
    QualifiedName table,
    String sql,
    long line,
    long bodyOffset,
    long bodyLength,
    long rows,
    List<String> settings,
    boolean load,
    Member member) {

  /**
   * A gzip member of the artifact that starts at {@code uncompressedOffset} of the SQL and holds
   * this block whole.
   */
  public record Member(long fileOffset, long fileLength, long uncompressedOffset) {}

  public CopyBlock withMember(Member m) {
    return new CopyBlock(table, sql, line, bodyOffset, bodyLength, rows, settings, load, m);
  }
}
