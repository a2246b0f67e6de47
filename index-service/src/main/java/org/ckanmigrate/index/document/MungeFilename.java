package org.ckanmigrate.index.document;

import java.text.Normalizer;
import java.util.Locale;

/** CKAN's {@code munge_filename}, used for uploaded resources' download URLs. */
final class MungeFilename {

  private static final int MIN_TOTAL = 3;
  private static final int MAX_TOTAL = 100;
  private static final int MAX_EXTENSION = 21;

  private MungeFilename() {}

  static String munge(String filename) {
    String name = filename.toLowerCase(Locale.ROOT).strip();
    // substitute_ascii_equivalents: accented Latin letters to their base letters
    name = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    name = name.replaceAll("[^a-zA-Z0-9_. -]", "").replace(' ', '-');
    name = name.replaceAll("-+", "-");
    int dot = name.lastIndexOf('.');
    String base = name;
    String ext = "";
    if (dot > 0 && dot > name.lastIndexOf('/')) {
      // os.path.splitext ignores leading dots
      String stem = name.substring(0, dot);
      if (!stem.chars().allMatch(c -> c == '.')) {
        base = stem;
        ext = name.substring(dot);
      }
    }
    if (ext.length() > MAX_EXTENSION) {
      ext = ext.substring(0, MAX_EXTENSION);
    }
    base = toLength(base, Math.max(1, MIN_TOTAL - ext.length()), MAX_TOTAL - ext.length());
    return base + ext;
  }

  private static String toLength(String s, int min, int max) {
    StringBuilder sb = new StringBuilder(s);
    while (sb.length() < min) {
      sb.append('_');
    }
    return sb.length() > max ? sb.substring(0, max) : sb.toString();
  }
}
