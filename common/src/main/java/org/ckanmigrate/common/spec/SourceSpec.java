package org.ckanmigrate.common.spec;

import java.util.List;

/**
 * The source CKAN database, reached over SSH (owned by the dump phase).
 *
 * @param ssh the host pg_dump runs on
 * @param jumpHosts zero or more jump hosts, in order from the client (ProxyJump, never agent
 *     forwarding)
 * @param database the source database name
 * @param pgDumpOptions extra pg_dump options; default {@code -x -O}
 * @param compression artifact compression, e.g. {@code gzip:1}, {@code zstd}, {@code lz4}, {@code
 *     none}
 * @param artifactDir where the dump artifact and its manifest are written
 */
public record SourceSpec(
    SshEndpoint ssh,
    List<SshEndpoint> jumpHosts,
    String database,
    List<String> pgDumpOptions,
    String compression,
    String artifactDir) {}
