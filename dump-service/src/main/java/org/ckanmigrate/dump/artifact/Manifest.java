package org.ckanmigrate.dump.artifact;

import java.util.List;

/**
 * What the dump phase knows about an artifact, written beside it as {@code <db>.manifest.json}. Its
 * presence marks the dump complete: it is written last, after the artifact was verified and
 * renamed.
 *
 * @param formatVersion manifest format, currently 1
 * @param runId the migration run
 * @param sourceHost {@code user@host:port} of the host pg_dump ran on
 * @param jumpHosts {@code user@host:port} of each jump host, in connection order
 * @param database the source database
 * @param artifact the artifact's file name (same directory as the manifest)
 * @param compression codec of the artifact, e.g. {@code gzip:1}
 * @param sizeBytes artifact size
 * @param uncompressedBytes size of the plain SQL
 * @param sha256 hex SHA-256 of the artifact bytes
 * @param pgDumpVersion from the dump header ({@code Dumped by pg_dump version})
 * @param serverVersion from the dump header ({@code Dumped from database version})
 * @param sourceSystemIdentifier the source server's {@code pg_control_system().system_identifier},
 *     or null when the dumping role may not read it; with {@code database} it lets the loader
 *     refuse to load into the source
 * @param remoteCommand the command run on the source host (validated tokens, no secrets)
 * @param startedAt ISO-8601 instant the SSH connection was opened
 * @param finishedAt ISO-8601 instant the artifact was committed
 * @param durationMillis wall time of connect, stream and commit
 * @param tables every COPY block, in dump order
 * @param totalRows sum of the blocks' rows
 */
public record Manifest(
    int formatVersion,
    String runId,
    String sourceHost,
    List<String> jumpHosts,
    String database,
    String artifact,
    String compression,
    long sizeBytes,
    long uncompressedBytes,
    String sha256,
    String pgDumpVersion,
    String serverVersion,
    String sourceSystemIdentifier,
    String remoteCommand,
    String startedAt,
    String finishedAt,
    long durationMillis,
    List<TableCopy> tables,
    long totalRows) {

  public static final int FORMAT_VERSION = 1;
}
