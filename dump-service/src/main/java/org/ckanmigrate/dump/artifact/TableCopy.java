package org.ckanmigrate.dump.artifact;

/**
 * One {@code COPY ... FROM stdin} block of the dump, as counted while streaming.
 *
 * @param table the table as pg_dump named it, e.g. {@code public.package}
 * @param rows data rows in the block (one per line in COPY text format)
 * @param offset where the block's first gzip member starts in the artifact file (a member boundary:
 *     a reader may seek here and decompress from this point); it begins with the COPY statement
 * @param length the length of the block's members in the artifact file (one or more whole members:
 *     large blocks are cut every 1 MB of SQL so they can be compressed in parallel)
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
