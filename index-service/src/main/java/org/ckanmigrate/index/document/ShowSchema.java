package org.ckanmigrate.index.document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * CKAN's {@code default_show_package_schema} run through navl's {@code validate}, reduced to what
 * it does to a {@code package_show} dict: which keys each validator keeps, drops or rewrites, and
 * the key order navl's flatten/unflatten produces (top-level scalars sorted, then non-empty lists
 * of dicts sorted by name with each item's keys sorted, then the empty lists in input order).
 * Validation errors never change values, so they are not modelled.
 */
final class ShowSchema {

  /** Top-level keys whose validators keep the value as it is (missing becomes null). */
  private static final Set<String> KEEP =
      Set.of(
          "id",
          "author",
          "author_email",
          "maintainer",
          "maintainer_email",
          "license_id",
          "notes",
          "url",
          "version",
          "metadata_created",
          "metadata_modified",
          "creator_user_id",
          "num_resources",
          "num_tags",
          "organization",
          "owner_org",
          "private",
          "license_title");

  /** Top-level keys dropped when missing or None ({@code ignore_missing}). */
  private static final Set<String> IGNORE_MISSING =
      Set.of("state", "isopen", "license_url", "tracking_summary", "type");

  private static final Set<String> SUBSCHEMAS =
      Set.of(
          "resources",
          "tags",
          "extras",
          "groups",
          "relationships_as_object",
          "relationships_as_subject");

  private static final Set<String> RESOURCE_KEEP =
      Set.of(
          "package_id",
          "size",
          "state",
          "mimetype",
          "cache_url",
          "name",
          "description",
          "mimetype_inner",
          "resource_type",
          "url_type",
          "last_modified",
          "cache_last_updated",
          "position");

  private ShowSchema() {}

  static Map<String, Object> validate(Map<String, Object> data, ResourceFormats formats) {
    Map<String, Object> scalars = new TreeMap<>(ShowSchema::comparePython);
    Map<String, List<Object>> lists = new TreeMap<>(ShowSchema::comparePython);
    List<String> emptyLists = new ArrayList<>();

    for (String key : KEEP) {
      scalars.put(key, data.containsKey(key) ? data.get(key) : Missing.VALUE);
    }
    for (String key : IGNORE_MISSING) {
      Object v = data.get(key);
      if (v != null) {
        scalars.put(key, key.equals("type") ? unicodeSafe(v) : v);
      }
    }
    Object name = unicodeSafe(data.containsKey("name") ? data.get("name") : Missing.VALUE);
    scalars.put("name", name);
    Object title = data.get("title");
    scalars.put("title", unicodeSafe(truthy(title) ? title : name));

    for (Map.Entry<String, Object> e : data.entrySet()) {
      Object v = e.getValue();
      if (v instanceof List<?> list && list.isEmpty()) {
        emptyLists.add(e.getKey());
      } else if (SUBSCHEMAS.contains(e.getKey()) && v instanceof List<?> list) {
        List<Object> items = new ArrayList<>(list.size());
        for (Object item : list) {
          if (item instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> dict = (Map<String, Object>) m;
            Map<String, Object> out = item(e.getKey(), dict, formats);
            if (!out.isEmpty()) {
              items.add(out);
            }
          }
        }
        if (!items.isEmpty()) {
          lists.put(e.getKey(), items);
        }
      }
    }

    Map<String, Object> result = new LinkedHashMap<>(scalars);
    result.putAll(lists);
    for (String key : emptyLists) {
      result.putIfAbsent(key, List.of());
    }
    return result;
  }

  private static Map<String, Object> item(
      String list, Map<String, Object> in, ResourceFormats formats) {
    Map<String, Object> out = new TreeMap<>(ShowSchema::comparePython);
    switch (list) {
      case "tags" -> out.putAll(in); // {'__extras': [keep_extras]}
      case "resources" -> resource(in, out, formats);
      case "extras" -> {
        Object key = in.get("key");
        out.put("key", truthy(key) ? unicodeSafe(key) : key);
        out.put("value", in.containsKey("value") ? in.get("value") : Missing.VALUE);
        if (in.get("deleted") != null) {
          out.put("deleted", in.get("deleted"));
        }
      }
      case "groups" -> {
        for (String k :
            List.of("id", "name", "title", "description", "display_name", "image_display_url")) {
          Object v = in.get(k);
          if (v != null) {
            out.put(k, v);
          }
        }
      }
      default -> relationship(in, out);
    }
    return out;
  }

  private static void resource(
      Map<String, Object> in, Map<String, Object> out, ResourceFormats formats) {
    for (String k : RESOURCE_KEEP) {
      out.put(k, in.containsKey(k) ? in.get(k) : Missing.VALUE);
    }
    Object id = in.get("id");
    if (truthy(id)) {
      out.put("id", unicodeSafe(id));
    }
    Object url = in.get("url");
    if (url != null) {
      Object safe = unicodeSafe(url);
      out.put("url", safe instanceof String s ? PyStrings.strip(s) : safe);
    }
    Object format = in.get("format");
    if (format != null) {
      out.put("format", unicodeSafe(formats.clean(format)));
    }
    for (String k : List.of("hash", "created", "tracking_summary", "datastore_active")) {
      Object v = in.get(k);
      if (v != null) {
        out.put(k, k.equals("hash") ? unicodeSafe(v) : v);
      }
    }
    // Everything else is a resource extra: __extras with keep_extras puts it back as it was,
    // except lists of dicts, which navl flattens into keys no schema matches (junk, dropped).
    for (Map.Entry<String, Object> e : in.entrySet()) {
      if (!out.containsKey(e.getKey()) && !SCHEMA_RESOURCE_KEYS.contains(e.getKey())) {
        Object v = e.getValue();
        if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map) {
          continue;
        }
        out.put(e.getKey(), v);
      }
    }
  }

  // The resource schema's own keys: those kept as they are, and those it converts (id, url, format)
  // or drops when missing (hash, created, tracking_summary, datastore_active).
  private static final Set<String> SCHEMA_RESOURCE_KEYS =
      java.util.stream.Stream.concat(
              RESOURCE_KEEP.stream(),
              java.util.stream.Stream.of(
                  "id", "url", "format", "hash", "created", "tracking_summary", "datastore_active"))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private static void relationship(Map<String, Object> in, Map<String, Object> out) {
    Map<String, Object> extras = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : in.entrySet()) {
      String k = e.getKey();
      Object v = e.getValue();
      switch (k) {
        case "id", "comment", "subject", "object" -> {
          if (v != null) {
            out.put(k, unicodeSafe(v));
          }
        }
        case "type" -> out.put(k, v);
        case "state" -> {}
        default -> extras.put(k, v);
      }
    }
    out.putIfAbsent("type", Missing.VALUE);
    if (!extras.isEmpty()) {
      out.put("__extras", extras);
    }
  }

  /** CKAN's {@code unicode_safe}: strings unchanged, None and missing to "", others as JSON. */
  static Object unicodeSafe(Object v) {
    if (v instanceof String) {
      return v;
    }
    if (v == null || v == Missing.VALUE) {
      return "";
    }
    if (v instanceof Map || v instanceof List) {
      return PyJson.dumpsSortedUnicode(v);
    }
    return v instanceof Boolean b ? (b ? "true" : "false") : String.valueOf(v);
  }

  static boolean truthy(Object v) {
    if (v == null || v == Missing.VALUE) {
      return false;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  /** Python's str ordering: by code point, not by UTF-16 unit. */
  static int comparePython(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  static final Comparator<String> PYTHON_ORDER = ShowSchema::comparePython;
}
