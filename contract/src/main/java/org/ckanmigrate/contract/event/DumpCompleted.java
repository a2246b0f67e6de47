package org.ckanmigrate.contract.event;

/**
 * The source database was dumped, verified complete, and stored.
 *
 * @param artifact location of the dump artifact as the loader sees it
 * @param manifest location of its manifest (per-table COPY row counts, versions, timings)
 * @param sha256 hex SHA-256 of the artifact bytes
 * @param sizeBytes artifact size
 * @param database the source database name
 * @param compression codec of the artifact, e.g. {@code gzip:1} or {@code none}
 * @param tables tables with data in the dump
 * @param rows COPY rows counted while streaming
 */
public record DumpCompleted(
    String artifact,
    String manifest,
    String sha256,
    long sizeBytes,
    String database,
    String compression,
    int tables,
    long rows) {}
