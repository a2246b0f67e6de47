package org.ckanmigrate.dump.artifact;

/**
 * One {@code COPY ... FROM stdin} block of the dump, as counted while streaming.
 *
 * @param table the table as pg_dump named it, e.g. {@code public.package}
 * @param rows data rows in the block (one per line in COPY text format)
 * @param offset where the block's member starts in the artifact file (a gzip member boundary: a
 *     reader may seek here and decompress from this point); the member begins with the COPY
 *     statement
 * @param length the member's length in the artifact file
 * @param uncompressedOffset where the COPY statement starts in the uncompressed SQL
 * @param uncompressedLength the uncompressed length of the statement, rows and {@code \.} line
 */
public record TableCopy(
    String table,
    long rows,
    long offset,
    long length,
    long uncompressedOffset,
    long uncompressedLength) {}
