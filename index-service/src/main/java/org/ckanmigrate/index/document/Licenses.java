package org.ckanmigrate.index.document;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ckanmigrate.index.read.CkanRelease;

/**
 * A CKAN release's default license register: what {@code package_dictize} reads for a license id.
 * The registers are data, one file per release in {@code licenses/ckan-<release>.tsv}, written from
 * CKAN's own {@code ckan/model/license.py} at each release's last tag by {@code
 * scripts/ckan-facts/licenses.py} (they differ: 2.10 moved uk-ogl's URL to the National Archives,
 * 2.3 re-cased "License not specified").
 */
final class Licenses {

  /**
   * One license.
   *
   * @param title the (English) title
   * @param url the license's URL, empty when it has none
   * @param open whether it conforms to the Open Definition or the OSD (CKAN's {@code isopen})
   */
  record License(String title, String url, boolean open) {}

  private final Map<String, License> byId;

  private Licenses(Map<String, License> byId) {
    this.byId = byId;
  }

  License get(String id) {
    return id == null ? null : byId.get(id);
  }

  /** The register CKAN {@code release} uses when {@code licenses_group_url} is not set. */
  static Licenses ckanDefault(CkanRelease release) {
    String file = "licenses/ckan-" + release + ".tsv";
    try (InputStream in = Licenses.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("no license register for CKAN " + release + ": " + file);
      }
      Map<String, License> byId = new LinkedHashMap<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      boolean header = true;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        if (header) {
          header = false; // id, title, url, od_conformance, osd_conformance
          continue;
        }
        String[] f = line.split("\t", -1);
        boolean open = "approved".equals(f[3]) || "approved".equals(f[4]);
        byId.put(f[0], new License(f[1], f[2], open));
      }
      return new Licenses(Map.copyOf(byId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
