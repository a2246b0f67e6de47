package org.ckanmigrate.index.document;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every term of an indexed string field within Lucene's 32,766-byte limit. CKAN sends such
 * values unchanged and Solr rejects the whole document ("immense term"); values of CKAN's string
 * fields and of the {@code *} catch-all (bare extra keys) are cut at a character boundary instead.
 * Tokenised text fields, dates and the stored-only JSON fields are left alone.
 */
final class TermGuard {

  static final int MAX_TERM_BYTES = 32766;
  private static final Logger log = LoggerFactory.getLogger(TermGuard.class);

  // Fields of CKAN's schema that are not indexed as one string term.
  private static final Set<String> NOT_STRING =
      Set.of(
          "title",
          "notes",
          "author",
          "author_email",
          "maintainer",
          "maintainer_email",
          "res_name",
          "res_description",
          "text",
          "urls",
          "depends_on",
          "dependency_of",
          "derives_from",
          "has_derivation",
          "links_to",
          "linked_from",
          "child_of",
          "parent_of",
          "views_total",
          "views_recent",
          "resources_accessed_total",
          "resources_accessed_recent",
          "metadata_created",
          "metadata_modified",
          "indexed_ts",
          "data_dict",
          "validated_data_dict",
          "title_ngram",
          "name_ngram");

  private TermGuard() {}

  static boolean isStringField(String field) {
    return !NOT_STRING.contains(field)
        && !field.startsWith("extras_")
        && !field.startsWith("res_extras_")
        && !field.endsWith("_date");
  }

  /** Cuts over-long terms in place; whether anything was cut. */
  static boolean apply(String datasetId, Map<String, Object> doc) {
    boolean any = false;
    for (Map.Entry<String, Object> e : doc.entrySet()) {
      if (!isStringField(e.getKey())) {
        continue;
      }
      Object v = e.getValue();
      if (v instanceof String s) {
        String cut = cut(s);
        if (cut != s) {
          log.warn(
              "Dataset {}: field {} is over {} bytes, indexed truncated",
              datasetId,
              e.getKey(),
              MAX_TERM_BYTES);
          e.setValue(cut);
          any = true;
        }
      } else if (v instanceof List<?> list) {
        List<Object> out = null;
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i) instanceof String s) {
            String cut = cut(s);
            if (cut != s) {
              if (out == null) {
                out = new ArrayList<>(list);
              }
              out.set(i, cut);
            }
          }
        }
        if (out != null) {
          log.warn(
              "Dataset {}: a value of {} is over {} bytes, indexed truncated",
              datasetId,
              e.getKey(),
              MAX_TERM_BYTES);
          e.setValue(out);
          any = true;
        }
      }
    }
    return any;
  }

  /** The longest prefix of whole code points within the limit; the same instance if it fits. */
  static String cut(String s) {
    if (s.length() * 3 <= MAX_TERM_BYTES) {
      return s;
    }
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + n > MAX_TERM_BYTES) {
        return s.substring(0, i);
      }
      bytes += n;
      i += Character.charCount(cp);
    }
    return s;
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
