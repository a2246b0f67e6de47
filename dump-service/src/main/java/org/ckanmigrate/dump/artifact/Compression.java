package org.ckanmigrate.dump.artifact;

import org.ckanmigrate.artifact.Codec;

/**
 * How the dump phase compresses the artifact: the run spec's {@code compression} parsed into a
 * {@link Codec} ({@code none}, {@code gzip[:N]}, {@code zstd[:N]}, {@code lz4}); null or blank
 * means {@link #DEFAULT}.
 *
 * <p>The dump is compressed here, not by the remote pg_dump, because the plain SQL has to be read
 * anyway (COPY row counts, the completeness trailer), and because each COPY block becomes its own
 * member (gzip member, zstd or LZ4 frame): the file stays valid for {@code gunzip -c}, {@code zstd
 * -dc} or {@code lz4 -dc} piped into psql, while a loader can seek to any table's member and
 * decompress tables in parallel.
 */
public record Compression(Codec codec) {

  /** {@link Codec#DEFAULT} (zstd:1); why: the dump-service README, section Compression. */
  public static final Compression DEFAULT = new Compression(Codec.DEFAULT);

  public static final Compression NONE = new Compression(Codec.NONE);

  /**
   * Parses the run spec's value.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static Compression parse(String text) {
    return text == null || text.isBlank() ? DEFAULT : new Compression(Codec.parse(text));
  }

  /** The artifact file name suffix after {@code .sql}: {@code .gz}, {@code .zst}, {@code .lz4}. */
  public String suffix() {
    return codec.suffix();
  }

  /** The spec form recorded in the manifest, e.g. {@code zstd:1}. */
  @Override
  public String toString() {
    return codec.toString();
  }
}
