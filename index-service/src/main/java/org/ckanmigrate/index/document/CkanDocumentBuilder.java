package org.ckanmigrate.index.document;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.ckanmigrate.index.read.CkanRelease;
import org.ckanmigrate.index.read.DatasetRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Solr document CKAN's {@code PackageSearchIndex.index_package} would send for a
 * dataset, from the batch reader's rows, with no I/O: the {@code package_show} dict, the show
 * schema's validated dict, their JSON, then the indexer's flattening in CKAN's order. Thread-safe.
 */
public final class CkanDocumentBuilder {

  private static final Logger log = LoggerFactory.getLogger(CkanDocumentBuilder.class);

  private static final String KEY_CHARS =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-";
  private static final List<String> RESERVED_FIELDS =
      List.of(
          "entity_type",
          "res_url",
          "text",
          "urls",
          "indexed_ts",
          "site_id",
          "tags",
          "groups",
          "res_name",
          "res_description",
          "res_format",
          "res_url",
          "res_type");
  private static final Map<String, String> REVERSE_RELATIONSHIP =
      Map.of(
          "depends_on", "dependency_of",
          "derives_from", "has_derivation",
          "links_to", "linked_from",
          "child_of", "parent_of");
  private static final Set<String> REVERSE_TYPES = Set.copyOf(REVERSE_RELATIONSHIP.values());
  private static final Pattern ILLEGAL_XML =
      Pattern.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ud800-\\udfff\\ufffe\\uffff]");
  private static final LocalDateTime BOGUS_DATE = LocalDateTime.of(1, 1, 1, 0, 0);

  private final IndexRules rules;
  private final PackageShow packageShow;
  private final ResourceFormats formats = ResourceFormats.ckanDefault();

  public CkanDocumentBuilder(IndexRules rules) {
    this.rules = rules;
    this.packageShow = new PackageShow(rules);
  }

  public IndexRules rules() {
    return rules;
  }

  /** {@code package_show}'s dict for the dataset (what CKAN stores as {@code data_dict}). */
  public Map<String, Object> packageShow(DatasetRows rows) {
    return packageShow.dictize(rows);
  }

  /** The document or delete CKAN's indexer would produce for this dataset. */
  public IndexAction build(DatasetRows rows) {
    Map<String, Object> pkg = packageShow.dictize(rows);
    CkanRelease release = rules.release();

    String validated = null;
    if (release.atLeast(CkanRelease.V2_10)) {
      validated = PyJson.dumps(ShowSchema.validate(pkg, formats));
      pkg.put("validated_data_dict", validated);
      pkg.put("data_dict", PyJson.dumps(pkg));
    } else {
      // up to 2.9 data_dict is serialised before validated_data_dict is added
      String dataDict = PyJson.dumps(pkg);
      pkg.put("validated_data_dict", PyJson.dumps(ShowSchema.validate(pkg, formats)));
      pkg.put("data_dict", dataDict);
    }

    if (ShowSchema.truthy(pkg.get("title"))) {
      pkg.put("title_string", pkg.get("title"));
    }
    String id = rows.id();
    Object state = pkg.get("state");
    if (rules.removesDeleted()
        && (!ShowSchema.truthy(state) || String.valueOf(state).contains("deleted"))) {
      return new IndexAction.Delete(id);
    }

    List<String> indexFields = new ArrayList<>(RESERVED_FIELDS);
    indexFields.addAll(pkg.keySet());
    Set<String> indexFieldSet = Set.copyOf(indexFields);

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> extras =
        (List<Map<String, Object>>) pkg.getOrDefault("extras", List.of());
    for (Map<String, Object> extra : extras) {
      Object keyObject = extra.get("key");
      if (keyObject == null) {
        continue;
      }
      Object value = extra.get("value");
      String key = sanitiseKey(keyObject.toString());
      pkg.put("extras_" + key, value);
      if (!indexFieldSet.contains(key)) {
        pkg.put(key, value);
      }
    }
    pkg.remove("extras");

    List<String> nonVocabTags = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tags = (List<Map<String, Object>>) pkg.remove("tags");
    Map<String, String> vocabNames = vocabularyNames(rows);
    for (Map<String, Object> tag : tags == null ? List.<Map<String, Object>>of() : tags) {
      Object vocabId = tag.get("vocabulary_id");
      if (ShowSchema.truthy(vocabId)) {
        String vocab = vocabNames.get(vocabId.toString());
        if (vocab == null) {
          log.warn(
              "Dataset {}: tag {} names a missing vocabulary, not indexed", id, tag.get("name"));
          continue;
        }
        @SuppressWarnings("unchecked")
        List<Object> values =
            (List<Object>) pkg.computeIfAbsent("vocab_" + vocab, k -> new ArrayList<>());
        values.add(tag.get("name"));
      } else {
        nonVocabTags.add((String) tag.get("name"));
      }
    }
    pkg.put("tags", nonVocabTags);

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> groups = (List<Map<String, Object>>) pkg.remove("groups");
    pkg.put("capacity", ShowSchema.truthy(pkg.get("private")) ? "private" : "public");
    List<Object> groupNames = new ArrayList<>();
    for (Map<String, Object> g : groups == null ? List.<Map<String, Object>>of() : groups) {
      groupNames.add(g.get("name"));
    }
    pkg.put("groups", groupNames);

    Object organization = pkg.get("organization");
    pkg.put(
        "organization",
        ShowSchema.truthy(organization) ? ((Map<?, ?>) organization).get("name") : null);

    if (rules.trackingViews()) {
      DatasetRows.Tracking tracking = rows.tracking();
      pkg.put("views_total", tracking == null ? 0 : tracking.total());
      pkg.put("views_recent", tracking == null ? 0 : tracking.recent());
    }

    List<String[]> resourceFields = new ArrayList<>();
    resourceFields.add(new String[] {"name", "res_name"});
    resourceFields.add(new String[] {"description", "res_description"});
    resourceFields.add(new String[] {"format", "res_format"});
    resourceFields.add(new String[] {"url", "res_url"});
    resourceFields.add(new String[] {"resource_type", "res_type"});
    for (String extra : rules.extraResourceFields()) {
      resourceFields.add(new String[] {extra, "res_extras_" + extra});
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> resources =
        (List<Map<String, Object>>) pkg.getOrDefault("resources", List.of());
    for (Map<String, Object> resource : resources) {
      for (String[] f : resourceFields) {
        Object existing = pkg.get(f[1]);
        List<Object> values =
            existing instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        values.add(resource.containsKey(f[0]) ? resource.get(f[0]) : "");
        pkg.put(f[1], values);
      }
    }
    pkg.remove("resources");

    Map<String, List<Object>> relationships = new LinkedHashMap<>();
    Map<String, String> otherNames = relationshipNames(rows);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> subjects =
        (List<Map<String, Object>>) pkg.remove("relationships_as_subject");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> objects =
        (List<Map<String, Object>>) pkg.remove("relationships_as_object");
    for (Map<String, Object> rel : objects == null ? List.<Map<String, Object>>of() : objects) {
      String type = REVERSE_RELATIONSHIP.get(String.valueOf(rel.get("type")));
      addRelationship(relationships, type, otherNames.get(key(rel)), id);
    }
    for (Map<String, Object> rel : subjects == null ? List.<Map<String, Object>>of() : subjects) {
      Object type = rel.get("type");
      String t = type == null ? null : type.toString();
      if (t != null && !REVERSE_RELATIONSHIP.containsKey(t) && !REVERSE_TYPES.contains(t)) {
        t = null;
      }
      addRelationship(relationships, t, otherNames.get(key(rel)), id);
    }
    for (Map.Entry<String, List<Object>> e : relationships.entrySet()) {
      pkg.putIfAbsent(e.getKey(), e.getValue());
    }

    pkg.put("entity_type", "package");
    pkg.put("dataset_type", pkg.get("type"));

    Map<String, Object> doc = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : pkg.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (key.endsWith("_date")) {
        Optional<Object> normalised = normaliseDate(id, key, value);
        if (normalised.isEmpty()) {
          continue;
        }
        value = normalised.get() == NULL ? null : normalised.get();
      }
      doc.put(key, value);
    }

    for (String k : List.of("title", "notes", "title_string")) {
      if (doc.get(k) instanceof String s && !s.isEmpty()) {
        doc.put(k, ILLEGAL_XML.matcher(s).replaceAll(""));
      }
    }
    for (String k : List.of("metadata_created", "metadata_modified")) {
      if (doc.get(k) instanceof String s) {
        doc.put(k, s + "Z");
      }
    }
    doc.put("site_id", rules.siteId());
    if (doc.get("title") instanceof String s && !s.isEmpty()) {
      doc.put("title", PyStrings.lstrip(s));
    }
    doc.put("index_id", indexId(id, rules.siteId()));
    doc.put("permission_labels", permissionLabels(rows));
    TermGuard.apply(id, doc);
    return new IndexAction.Upsert(id, doc);
  }

  /** CKAN's {@code index_id}: hex MD5 of the dataset id followed by the site id. */
  public static String indexId(String datasetId, String siteId) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of()
          .formatHex(md5.digest((datasetId + siteId).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }

  private static String key(Map<String, Object> rel) {
    return String.valueOf(rel.get("id"));
  }

  private static Map<String, String> relationshipNames(DatasetRows rows) {
    Map<String, String> out = new java.util.HashMap<>();
    for (DatasetRows.Relationship r : rows.relationshipsAsSubject()) {
      out.put(String.valueOf(r.row().get("id")), r.otherName());
    }
    for (DatasetRows.Relationship r : rows.relationshipsAsObject()) {
      out.put(String.valueOf(r.row().get("id")), r.otherName());
    }
    return out;
  }

  private static void addRelationship(
      Map<String, List<Object>> relationships, String type, String otherName, String id) {
    if (type == null || otherName == null) {
      log.warn("Dataset {}: relationship of unknown type or to a missing dataset skipped", id);
      return;
    }
    relationships.computeIfAbsent(type, k -> new ArrayList<>()).add(otherName);
  }

  private static Map<String, String> vocabularyNames(DatasetRows rows) {
    Map<String, String> out = new java.util.HashMap<>();
    for (DatasetRows.Tag tag : rows.tags()) {
      Object vocabId = tag.row().get("vocabulary_id");
      if (vocabId != null && tag.vocabularyName() != null) {
        out.put(vocabId.toString(), tag.vocabularyName());
      }
    }
    return out;
  }

  static String sanitiseKey(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (KEY_CHARS.indexOf(c) >= 0) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static final Object NULL = new Object();

  /**
   * CKAN's {@code *_date} rule, parsed exactly as python-dateutil does ({@link PyDateutil}). Up to
   * 2.9: missing parts come from 1-01-01 and a parse that falls back to all of them is None; from
   * 2.10 (its later patch releases, which the 2.10 rules follow): empty values are left out and
   * missing parts come from today. Unparseable values are left out. CKAN keeps a value's UTC offset
   * (before 2.10 it even appends Z after it), which Solr's date fields reject, so such values are
   * converted to UTC instead.
   */
  private Optional<Object> normaliseDate(String id, String key, Object value) {
    if (!(value instanceof String s) || s.isEmpty()) {
      if (value != null && !(value instanceof String)) {
        log.warn("Dataset {}: {} value {} is not a valid date, not indexed", id, key, value);
      }
      return Optional.empty();
    }
    boolean modern = rules.release().atLeast(CkanRelease.V2_10);
    LocalDateTime defaults =
        modern ? LocalDateTime.now(ZoneOffset.UTC).toLocalDate().atStartOfDay() : BOGUS_DATE;
    Optional<PyDateutil.Result> parsed = PyDateutil.tryParse(s, defaults);
    if (parsed.isEmpty()
        || (parsed.get().offsetSeconds() != null
            && Math.abs(parsed.get().offsetSeconds()) >= 86_400)) {
      log.warn("Dataset {}: {} value '{}' is not a valid date, not indexed", id, key, s);
      return Optional.empty();
    }
    PyDateutil.Result p = parsed.get();
    if (!modern && p.offsetSeconds() == null && p.naive().equals(BOGUS_DATE)) {
      return Optional.of(NULL);
    }
    if (p.offsetSeconds() == null) {
      return Optional.of(PyDates.isoformat(p.naive()) + "Z");
    }
    // Solr's date fields need UTC with Z, so an offset is applied rather than kept.
    return Optional.of(PyDates.isoformat(p.naive().minusSeconds(p.offsetSeconds())) + "Z");
  }

  /** CKAN's {@code DefaultPermissionLabels.get_dataset_labels}, from the database row. */
  private List<String> permissionLabels(DatasetRows rows) {
    Map<String, Object> p = rows.pkg();
    if ("active".equals(p.get("state")) && !ShowSchema.truthy(p.get("private"))) {
      return List.of("public");
    }
    List<String> labels = new ArrayList<>();
    if (rules.allowDatasetCollaborators() && rules.release().atLeast(CkanRelease.V2_9)) {
      labels.add("collaborator-" + p.get("id"));
    }
    Object org = p.get("owner_org");
    if (ShowSchema.truthy(org)) {
      labels.add("member-" + org);
    } else {
      labels.add("creator-" + p.get("creator_user_id"));
    }
    return labels;
  }
}
