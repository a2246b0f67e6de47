package org.ckanmigrate.load.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ckanmigrate.common.compress.Codec;
import org.ckanmigrate.common.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields the loader reads from the dump phase's manifest ({@code <db>.manifest.json} beside
 * {@code <db>.sql.gz}, {@code .sql.zst}, {@code .sql.lz4} or {@code .sql}); other fields are
 * ignored.
 *
 * @param database the source database name
 * @param artifact the artifact's file name
 * @param compression e.g. {@code gzip:1}, {@code zstd:1}, {@code lz4} or {@code none} (see {@link
 *     Codec#parse})
 * @param sizeBytes artifact size
 * @param uncompressedBytes size of the plain SQL
 * @param sha256 hex SHA-256 of the artifact
 * @param sourceSystemIdentifier the source server's {@code pg_control_system().system_identifier},
 *     when the dump phase could read it; with {@code database} it lets the loader refuse to load
 *     into the source
 * @param tables every COPY block in dump order
 */
public record DumpManifest(
    Integer formatVersion,
    String database,
    String artifact,
    String compression,
    Long sizeBytes,
    Long uncompressedBytes,
    String sha256,
    String sourceSystemIdentifier,
    List<TableCopy> tables) {

  /**
   * One COPY block as counted while dumping.
   *
   * @param table the table as pg_dump named it, e.g. {@code public.package}
   * @param offset where the block's own member (gzip member, zstd or LZ4 frame) starts in the
   *     artifact, or null
   * @param length the member's length in the artifact
   * @param uncompressedOffset where the member's first byte (the COPY statement) is in the SQL
   * @param uncompressedLength uncompressed length of statement, rows and {@code \.} line
   */
  public record TableCopy(
      String table,
      long rows,
      Long offset,
      Long length,
      Long uncompressedOffset,
      Long uncompressedLength) {

    boolean seekable() {
      return offset != null && length != null && uncompressedOffset != null;
    }
  }

  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Where the dump phase writes the manifest of {@code artifact}: {@code <db>.manifest.json}. */
  public static Path besides(Path artifact) {
    String name = artifact.getFileName().toString();
    int sql = name.lastIndexOf(".sql");
    String base = sql > 0 ? name.substring(0, sql) : name;
    return artifact.resolveSibling(base + ".manifest.json");
  }

  /**
   * The artifact's codec as recorded.
   *
   * @throws LoadFailedException ({@code ARTIFACT_UNREADABLE}) when the manifest names a codec this
   *     loader does not know
   */
  public Codec codec() {
    if (compression == null) {
      return Codec.NONE;
    }
    try {
      return Codec.parse(compression);
    } catch (IllegalArgumentException e) {
      throw new LoadFailedException(
          ErrorCode.ARTIFACT_UNREADABLE,
          "the manifest records compression '"
              + compression
              + "', which this loader cannot read: "
              + e.getMessage(),
          e);
    }
  }

  /** Whether every COPY block has its own compressed member a worker can seek to. */
  public boolean hasMembers() {
    return tables != null
        && !tables.isEmpty()
        && compression != null
        && codec().compressed()
        && tables.stream().allMatch(TableCopy::seekable);
  }

  /**
   * The compressed members that hold the COPY data starting at {@code bodyOffset} of the SQL (the
   * range of the table whose COPY statement precedes it), or null when the manifest has none. The
   * worker that decodes them checks that the data really ends there.
   */
  public CopyBlock.Member memberAt(long bodyOffset) {
    TableCopy t = tableAt(bodyOffset);
    return t == null ? null : new CopyBlock.Member(t.offset(), t.length(), t.uncompressedOffset());
  }

  /** The manifest's entry for the COPY data starting at {@code bodyOffset}, or null. */
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

  public static DumpManifest read(Path file) {
    try {
      return JSON.readValue(Files.readString(file), DumpManifest.class);
    } catch (IOException | JacksonException e) {
      throw new LoadFailedException(
          ErrorCode.ARTIFACT_UNREADABLE,
          "the manifest " + file + " cannot be read as JSON: " + e.getMessage(),
          e);
    }
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(this));
  }
}
