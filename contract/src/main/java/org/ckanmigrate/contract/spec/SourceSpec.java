package org.ckanmigrate.contract.spec;

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
 * @param pgDumpPath pg_dump on the source host, e.g. {@code /usr/lib/postgresql/15/bin/pg_dump};
 *     null means {@code pg_dump} from the remote PATH
 * @param pgHost the PostgreSQL host as seen from the source host; null means libpq's default (local
 *     socket or the remote {@code PGHOST})
 * @param pgPort the PostgreSQL port; null means libpq's default
 * @param pgUser the role pg_dump connects as; null means libpq's default. Its password, if any,
 *     comes from the remote user's {@code ~/.pgpass}: it never travels on a command line
 */
public record SourceSpec(
    SshEndpoint ssh,
    List<SshEndpoint> jumpHosts,
    String database,
    List<String> pgDumpOptions,
    String compression,
    String artifactDir,
    String pgDumpPath,
    String pgHost,
    Integer pgPort,
    String pgUser) {

  /** A source whose pg_dump connects with libpq's defaults on the source host. */
  public SourceSpec(
      SshEndpoint ssh,
      List<SshEndpoint> jumpHosts,
      String database,
      List<String> pgDumpOptions,
      String compression,
      String artifactDir) {
    this(ssh, jumpHosts, database, pgDumpOptions, compression, artifactDir, null, null, null, null);
  }
}
