package org.ckanmigrate.dump.artifact;

import java.util.Locale;

/**
 * How the artifact is compressed: {@code gzip[:level]} or {@code none}. Parsed from the run spec's
 * {@code compression} string; null or blank means {@link #DEFAULT}.
 *
 * <p>The dump is compressed here, not by the remote pg_dump, because the plain SQL has to be read
 * anyway (COPY row counts, the completeness trailer), and because each COPY block becomes its own
 * gzip member: the file stays one valid {@code .gz} for {@code gunzip -c | psql}, while a loader
 * can seek to any table's member and decompress tables in parallel.
 *
 * @param codec {@code gzip} or {@code none}
 * @param level deflate level 1-9 for gzip, 0 for none
 */
public record Compression(String codec, int level) {

  /**
   * gzip level 1: on a LAN the dump is CPU-bound, and level 1 deflates about twice as fast as the
   * default level 6 for a few percent more bytes.
   */
  public static final Compression DEFAULT = new Compression("gzip", 1);

  public static final Compression NONE = new Compression("none", 0);

  public Compression {
    if (!codec.equals("gzip") && !codec.equals("none")) {
      throw new IllegalArgumentException("unsupported compression codec " + codec);
    }
    if (codec.equals("gzip") && (level < 1 || level > 9)) {
      throw new IllegalArgumentException("gzip level must be 1-9, was " + level);
    }
  }

  /**
   * Parses {@code gzip}, {@code gzip:N} (N = 1..9) or {@code none}.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Compression parse(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT;
    }
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("none")) {
      return NONE;
    }
    if (value.equals("gzip")) {
      return new Compression("gzip", 6);
    }
    if (value.matches("gzip:[1-9]")) {
      return new Compression("gzip", value.charAt(5) - '0');
    }
    throw new IllegalArgumentException(
        "unsupported compression '"
            + text
            + "': use gzip, gzip:1 to gzip:9, or none (zstd and lz4 are not supported yet)");
  }

  /** The artifact file name suffix after {@code .sql}: {@code .gz} or empty. */
  public String suffix() {
    return codec.equals("gzip") ? ".gz" : "";
  }

  @Override
  public String toString() {
    return codec.equals("gzip") ? "gzip:" + level : "none";
  }
}
