package org.ckanmigrate.index.document;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.ckanmigrate.index.read.DatasetRows;
import tools.jackson.databind.json.JsonMapper;

/**
 * CKAN's {@code package_dictize} (what {@code package_show} returns with {@code validate=False}):
 * the dict's keys, order, filters and sorting, from rows the batch reader already fetched.
 */
final class PackageShow {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*:");

  private final IndexRules rules;
  private final Licenses licenses;

  PackageShow(IndexRules rules) {
    this.rules = rules;
    this.licenses = Licenses.ckanDefault(rules.release());
  }

  Map<String, Object> dictize(DatasetRows rows) {
    Map<String, Object> d = new LinkedHashMap<>(rows.pkg());
    if (d.get("title") instanceof String title && !title.isEmpty()) {
      d.put("title", PyStrings.strip(title));
    }

    List<Map<String, Object>> resources = new ArrayList<>();
    for (Map<String, Object> row : rows.resources()) {
      if ("active".equals(row.get("state"))) {
        resources.add(resource(row));
      }
    }
    resources.sort(Comparator.comparing(r -> position(r.get("position"))));
    d.put("resources", resources);
    d.put("num_resources", resources.size());

    List<Map<String, Object>> tags = new ArrayList<>();
    for (DatasetRows.Tag tag : rows.tags()) {
      if ("active".equals(tag.row().get("state"))) {
        Map<String, Object> t = new LinkedHashMap<>(tag.row());
        t.put("display_name", t.get("name"));
        tags.add(t);
      }
    }
    tags.sort((a, b) -> ShowSchema.comparePython(str(a.get("name")), str(b.get("name"))));
    d.put("tags", tags);
    d.put("num_tags", tags.size());

    List<Map<String, Object>> extras = new ArrayList<>();
    for (Map<String, Object> row : rows.extras()) {
      if ("active".equals(row.get("state"))) {
        extras.add(new LinkedHashMap<>(row));
      }
    }
    extras.sort((a, b) -> ShowSchema.comparePython(str(a.get("key")), str(b.get("key"))));
    d.put("extras", extras);

    List<Map<String, Object>> groups = new ArrayList<>();
    for (Map<String, Object> row : rows.groups()) {
      groups.add(group(row));
    }
    groups.sort(
        (a, b) ->
            ShowSchema.comparePython(
                strxfrm(str(a.get("display_name"))), strxfrm(str(b.get("display_name")))));
    d.put("groups", groups);

    d.put("organization", rows.organization() == null ? null : rows.organization());
    d.put("relationships_as_subject", relationships(rows.relationshipsAsSubject()));
    d.put("relationships_as_object", relationships(rows.relationshipsAsObject()));

    Licenses.License license = licenses.get((String) d.get("license_id"));
    d.put("isopen", license != null && license.open());
    Object type = d.get("type");
    d.put("type", ShowSchema.truthy(type) ? type : "dataset");
    if (license != null && !license.url().isEmpty()) {
      d.put("license_url", license.url());
      String[] parts = license.title().split("::", -1);
      d.put("license_title", parts[parts.length - 1]);
    } else if (license != null) {
      d.put("license_title", license.title());
    } else {
      d.put("license_title", d.get("license_id"));
    }
    // metadata_modified/created are already isoformat strings and keep their positions.
    return d;
  }

  private Map<String, Object> resource(Map<String, Object> row) {
    Map<String, Object> r = new LinkedHashMap<>(row);
    Object extras = r.remove("extras");
    if (extras instanceof String json && !json.isBlank()) {
      Object parsed = JSON.readValue(json, Object.class);
      if (parsed instanceof Map<?, ?> m && !m.isEmpty()) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          r.put(String.valueOf(e.getKey()), e.getValue());
        }
      }
    }
    Object url = r.get("url");
    if ("upload".equals(r.get("url_type")) && url instanceof String u) {
      String[] parts = u.split("/", -1);
      String file = MungeFilename.munge(parts[parts.length - 1]);
      r.put(
          "url",
          rules.siteUrl()
              + "/dataset/"
              + r.get("package_id")
              + "/resource/"
              + r.get("id")
              + "/download/"
              + file);
    } else if (url instanceof String u && !u.isEmpty() && !SCHEME.matcher(u.strip()).find()) {
      r.put("url", "http://" + u.replaceFirst("^/+", ""));
    }
    return r;
  }

  private Map<String, Object> group(Map<String, Object> row) {
    Map<String, Object> g = new LinkedHashMap<>(row);
    Object title = g.get("title");
    g.put("display_name", ShowSchema.truthy(title) ? title : g.get("name"));
    Object image = g.get("image_url");
    g.put("image_display_url", image);
    if (image instanceof String img && !img.isEmpty() && !img.startsWith("http")) {
      g.put("image_display_url", rules.siteUrl() + "/uploads/group/" + img);
    }
    return g;
  }

  private static List<Map<String, Object>> relationships(List<DatasetRows.Relationship> rels) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (DatasetRows.Relationship rel : rels) {
      if ("active".equals(rel.row().get("state"))) {
        out.add(new LinkedHashMap<>(rel.row()));
      }
    }
    return out;
  }

  // Python would refuse to sort a None position among ints; put such rows last instead.
  private static long position(Object p) {
    return p instanceof Number n ? n.longValue() : Long.MAX_VALUE;
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  /** CKAN's {@code h.strxfrm}: NFD then lower case. */
  static String strxfrm(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
  }
}
