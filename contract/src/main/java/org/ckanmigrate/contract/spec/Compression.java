package org.ckanmigrate.contract.spec;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the dump artifact is compressed, as the run spec ({@code source.compression}) and the
 * manifest ({@code compression}) write it: {@code none}, {@code gzip[:1-9]}, {@code zstd[:1-19]} or
 * {@code lz4}. The grammar only: the codecs themselves are the dump-artifact module's {@code
 * Codec}, so what validates a run spec carries no compression library.
 *
 * @param kind the algorithm
 * @param level its level (gzip 1-9, zstd 1-19); 0 for {@code none} and {@code lz4}
 */
public record Compression(Kind kind, int level) {

  /** The algorithms. */
  public enum Kind {
    NONE,
    GZIP,
    ZSTD,
    LZ4
  }

  /** The accepted spec forms, for error messages. */
  public static final String ACCEPTED_FORMS = "none, gzip, gzip:1..9, zstd, zstd:1..19, lz4";

  public static final Compression NONE = new Compression(Kind.NONE, 0);

  /**
   * zstd level 1: on a LAN the dump is CPU-bound, and zstd:1 compresses several times faster than
   * gzip while its files are smaller than gzip:6's (measured in docs/benchmarks/dump.md).
   */
  public static final Compression DEFAULT = new Compression(Kind.ZSTD, 1);

  /** The level {@code gzip} alone means, and what a gzip file's codec is assumed to be. */
  public static final int GZIP_DEFAULT_LEVEL = 6;

  /** The level {@code zstd} alone means, and what a zstd file's codec is assumed to be. */
  public static final int ZSTD_DEFAULT_LEVEL = 3;

  private static final Pattern FORM = Pattern.compile("(none|gzip|zstd|lz4)(?::(\\d{1,2}))?");
  private static final int ZSTD_MAX_LEVEL = 19;

  public Compression {
    if (kind == null) {
      throw new IllegalArgumentException("codec kind is missing; use one of " + ACCEPTED_FORMS);
    }
    switch (kind) {
      case NONE, LZ4 -> {
        if (level != 0) {
          throw new IllegalArgumentException(
              kind.name().toLowerCase(Locale.ROOT) + " has no level; use one of " + ACCEPTED_FORMS);
        }
      }
      case GZIP -> {
        if (level < 1 || level > 9) {
          throw new IllegalArgumentException(
              "gzip level must be 1-9, was " + level + "; use one of " + ACCEPTED_FORMS);
        }
      }
      case ZSTD -> {
        if (level < 1 || level > ZSTD_MAX_LEVEL) {
          throw new IllegalArgumentException(
              "zstd level must be 1-19, was " + level + "; use one of " + ACCEPTED_FORMS);
        }
      }
    }
  }

  /**
   * Parses a spec string: {@code none}, {@code gzip} (level 6), {@code gzip:N}, {@code zstd} (level
   * 3), {@code zstd:N} or {@code lz4}. Case and surrounding blanks are ignored; null or blank means
   * {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static Compression parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return DEFAULT;
    }
    Matcher m = FORM.matcher(spec.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw unsupported(spec);
    }
    String name = m.group(1);
    String level = m.group(2);
    try {
      return switch (name) {
        case "none" -> level == null ? NONE : new Compression(Kind.NONE, -1);
        case "lz4" -> new Compression(Kind.LZ4, level == null ? 0 : -1);
        case "gzip" ->
            new Compression(
                Kind.GZIP, level == null ? GZIP_DEFAULT_LEVEL : Integer.parseInt(level));
        default ->
            new Compression(
                Kind.ZSTD, level == null ? ZSTD_DEFAULT_LEVEL : Integer.parseInt(level));
      };
    } catch (IllegalArgumentException e) {
      throw unsupported(spec);
    }
  }

  private static IllegalArgumentException unsupported(String spec) {
    return new IllegalArgumentException(
        "unsupported compression '" + spec + "': use one of " + ACCEPTED_FORMS);
  }

  /** The spec form: {@code none}, {@code gzip:N}, {@code zstd:N} or {@code lz4}. */
  @Override
  public String toString() {
    return switch (kind) {
      case NONE -> "none";
      case LZ4 -> "lz4";
      case GZIP -> "gzip:" + level;
      case ZSTD -> "zstd:" + level;
    };
  }
}
