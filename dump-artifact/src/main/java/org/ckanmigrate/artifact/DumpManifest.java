package org.ckanmigrate.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dump artifact's manifest, {@code <db>.manifest.json} beside {@code <db>.sql.gz}, {@code
 * .sql.zst}, {@code .sql.lz4} or {@code .sql}: the one definition the dump phase writes and the
 * load reads. Its presence marks the dump complete: the dump writes it last, after the artifact was
 * verified and renamed. Numbers are boxed because a reader accepts manifests that lack them (a
 * hand-made one, or an older format): it then verifies less, and says so.
 *
 * @param formatVersion manifest format, currently {@link #FORMAT_VERSION}
 * @param runId the migration run
 * @param sourceHost {@code user@host:port} of the host pg_dump ran on
 * @param jumpHosts {@code user@host:port} of each jump host, in connection order
 * @param database the source database
 * @param artifact the artifact's file name (same directory as the manifest)
 * @param compression the artifact's codec, e.g. {@code zstd:1} (see {@link Codec#parse})
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
public record DumpManifest(
    Integer formatVersion,
    String runId,
    String sourceHost,
    List<String> jumpHosts,
    String database,
    String artifact,
    String compression,
    Long sizeBytes,
    Long uncompressedBytes,
    String sha256,
    String pgDumpVersion,
    String serverVersion,
    String sourceSystemIdentifier,
    String remoteCommand,
    String startedAt,
    String finishedAt,
    Long durationMillis,
    List<TableCopy> tables,
    Long totalRows) {

  public static final int FORMAT_VERSION = 1;

  /**
   * One COPY block as counted while dumping, and where it lies in the artifact: each block starts
   * its own compressed member (gzip member, zstd or LZ4 frame), so a loader can seek to it.
   *
   * @param table the table as pg_dump named it, e.g. {@code public.package}
   * @param rows the block's rows
   * @param offset where the block's first member starts in the artifact, or null
   * @param length the members' length in the artifact
   * @param uncompressedOffset where the block (its COPY statement) starts in the SQL
   * @param uncompressedLength uncompressed length of statement, rows and {@code \.} line
   */
  public record TableCopy(
      String table,
      long rows,
      Long offset,
      Long length,
      Long uncompressedOffset,
      Long uncompressedLength) {

    /** Whether a reader can seek to this block's member. */
    public boolean seekable() {
      return offset != null && length != null && uncompressedOffset != null;
    }
  }

  // Unknown fields are ignored: a newer dump phase may record more. Indented for people.
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  /** Where the manifest of {@code artifact} is: {@code <db>.manifest.json} beside it. */
  public static Path besides(Path artifact) {
    String name = artifact.getFileName().toString();
    int sql = name.lastIndexOf(".sql");
    String base = sql > 0 ? name.substring(0, sql) : name;
    return artifact.resolveSibling(base + ".manifest.json");
  }

  /**
   * Reads a manifest.
   *
   * @throws IOException when the file cannot be read or is not a manifest's JSON (names the file)
   */
  public static DumpManifest read(Path file) throws IOException {
    try {
      return JSON.readValue(Files.readString(file), DumpManifest.class);
    } catch (JacksonException e) {
      throw new IOException(
          "the manifest " + file + " cannot be read as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The manifest as JSON, fields in declaration order. */
  public byte[] toJson() throws IOException {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (JacksonException e) {
      throw new IOException("cannot encode the manifest: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The artifact's codec as recorded ({@link Codec#NONE} when none is).
   *
   * @throws IllegalArgumentException when the manifest names a codec this build does not know
   */
  public Codec codec() {
    return compression == null ? Codec.NONE : Codec.parse(compression);
  }

  /** Whether every COPY block has its own compressed member a reader can seek to. */
  public boolean hasMembers() {
    return tables != null
        && !tables.isEmpty()
        && compression != null
        && codec().compressed()
        && tables.stream().allMatch(TableCopy::seekable);
  }

  /** The entry of the COPY block whose data starts at {@code bodyOffset} of the SQL, or null. */
  public TableCopy tableAt(long bodyOffset) {
    if (!hasMembers()) {
      return null;
    }
    TableCopy found = null;
    for (TableCopy t : tables) {
      if (t.uncompressedOffset() < bodyOffset
          && (t.uncompressedLength() == null
              || bodyOffset < t.uncompressedOffset() + t.uncompressedLength())) {
        found = t;
      }
    }
    return found;
  }
}
