package org.ckanmigrate.index.document;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** CKAN's {@code clean_format}: a format's canonical name from CKAN's format register. */
final class ResourceFormats {

  private final Map<String, String> canonical;

  private ResourceFormats(Map<String, String> canonical) {
    this.canonical = canonical;
  }

  static ResourceFormats ckanDefault() {
    Map<String, String> map = new HashMap<>();
    try (InputStream in = ResourceFormats.class.getResourceAsStream("resource-formats.tsv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        String name = cols[0];
        for (int i = 0; i < 3; i++) {
          put(map, cols[i], name);
        }
        if (!cols[3].isEmpty()) {
          for (String alt : cols[3].split("\\|")) {
            put(map, alt, name);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ResourceFormats(Map.copyOf(map));
  }

  private static void put(Map<String, String> map, String identifier, String name) {
    if (!identifier.isEmpty()) {
      map.put(identifier.toLowerCase(Locale.ROOT), name);
    }
  }

  /** {@code h.unified_resource_format(format)}. */
  Object clean(Object format) {
    if (!(format instanceof String s)) {
      return format;
    }
    return canonical.getOrDefault(s.toLowerCase(Locale.ROOT), s);
  }
}
