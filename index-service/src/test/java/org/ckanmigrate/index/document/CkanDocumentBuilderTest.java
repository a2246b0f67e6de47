package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.index.read.CkanRelease;
import org.ckanmigrate.index.read.DatasetRows;
import org.junit.jupiter.api.Test;

/** CKAN's indexing rules on hand-made datasets with the edge cases the gold file lacks. */
class CkanDocumentBuilderTest {

  private static final String ID = "11111111-2222-3333-4444-555555555555";

  private static Map<String, Object> pkg() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", ID);
    p.put("name", "ds");
    p.put("title", "  Title\u0001 with control ");
    p.put("version", null);
    p.put("url", null);
    p.put("author", null);
    p.put("author_email", null);
    p.put("maintainer", null);
    p.put("maintainer_email", null);
    p.put("notes", "notes\u000b here");
    p.put("license_id", "uk-ogl");
    p.put("type", null);
    p.put("owner_org", null);
    p.put("creator_user_id", "user-1");
    p.put("metadata_created", "2020-01-02T03:04:05.123456");
    p.put("metadata_modified", "2020-01-02T03:04:05");
    p.put("private", false);
    p.put("state", "active");
    return p;
  }

  private static Map<String, Object> extra(String key, String value) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", "e-" + key);
    e.put("package_id", ID);
    e.put("key", key);
    e.put("value", value);
    e.put("state", "active");
    return e;
  }

  private static Map<String, Object> resource(int position, String url, String urlType) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", "r" + position);
    r.put("package_id", ID);
    r.put("url", url);
    r.put("format", "csv");
    r.put("description", null);
    r.put("hash", null);
    r.put("position", position);
    r.put("name", "res " + position);
    r.put("url_type", urlType);
    r.put("state", "active");
    r.put("extras", "{\"b\": 1.5, \"a\": [1, 2]}");
    return r;
  }

  private static DatasetRows rows(Map<String, Object> pkg, List<Map<String, Object>> extras) {
    Map<String, Object> tagRow = new LinkedHashMap<>();
    tagRow.put("id", "t1");
    tagRow.put("name", "Zebra");
    tagRow.put("vocabulary_id", "v1");
    tagRow.put("state", "active");
    Map<String, Object> freeTag = new LinkedHashMap<>(tagRow);
    freeTag.put("id", "t2");
    freeTag.put("name", "apple");
    freeTag.put("vocabulary_id", null);
    Map<String, Object> rel = new LinkedHashMap<>();
    rel.put("id", "rel1");
    rel.put("subject_package_id", "other");
    rel.put("object_package_id", ID);
    rel.put("type", "child_of");
    rel.put("comment", null);
    rel.put("state", "active");
    return new DatasetRows(
        pkg,
        List.of(
            resource(1, "example.org/b.csv", null),
            resource(0, "http://old/path/My Data é.CSV", "upload")),
        extras,
        List.of(new DatasetRows.Tag(tagRow, "colours"), new DatasetRows.Tag(freeTag, null)),
        List.of(),
        null,
        List.of(),
        List.of(new DatasetRows.Relationship(rel, "parent-ds")),
        null);
  }

  private static Map<String, Object> document(IndexRules rules, DatasetRows rows) {
    IndexAction action = new CkanDocumentBuilder(rules).build(rows);
    assertThat(action).isInstanceOf(IndexAction.Upsert.class);
    return ((IndexAction.Upsert) action).document();
  }

  private static IndexRules rules210() {
    return IndexRules.defaults(CkanRelease.V2_10, "site", "https://ckan.example/");
  }

  @Test
  void flattensExtrasWithSanitisedKeysAndKeepsReservedAndPackageKeysOut() {
    List<Map<String, Object>> extras = new ArrayList<>();
    extras.add(extra("odd key/!", "x"));
    extras.add(extra("tags", "not a tag"));
    extras.add(extra("name", "not the name"));
    extras.add(extra("data_dict", "no"));
    Map<String, Object> doc = document(rules210(), rows(pkg(), extras));
    assertThat(doc).containsEntry("extras_oddkey", "x").containsEntry("oddkey", "x");
    assertThat(doc)
        .containsEntry("extras_tags", "not a tag")
        .containsEntry("tags", List.of("apple"));
    assertThat(doc).containsEntry("extras_name", "not the name").containsEntry("name", "ds");
    assertThat(doc.get("data_dict")).asString().startsWith("{\"id\": ");
  }

  @Test
  void normalisesDateExtrasAndSkipsUnparseableOnes() {
    List<Map<String, Object>> extras = new ArrayList<>();
    extras.add(extra("release_date", "2012-03-04"));
    extras.add(extra("bad_date", "soon"));
    extras.add(extra("empty_date", ""));
    extras.add(extra("zoned_date", "2012-03-04T10:00:00+02:00"));
    Map<String, Object> doc = document(rules210(), rows(pkg(), extras));
    assertThat(doc)
        .containsEntry("release_date", "2012-03-04T00:00:00Z")
        .containsEntry("extras_release_date", "2012-03-04T00:00:00Z")
        .containsEntry("zoned_date", "2012-03-04T08:00:00Z")
        .doesNotContainKeys("bad_date", "extras_bad_date", "empty_date", "extras_empty_date");
  }

  @Test
  void stripsControlCharactersLeadingSpaceAndAddsZToMetadataDates() {
    Map<String, Object> doc = document(rules210(), rows(pkg(), List.of()));
    assertThat(doc)
        .containsEntry("title", "Title with control")
        .containsEntry("title_string", "Title with control")
        .containsEntry("notes", "notes here")
        .containsEntry("metadata_created", "2020-01-02T03:04:05.123456Z")
        .containsEntry("metadata_modified", "2020-01-02T03:04:05Z");
  }

  @Test
  void flattensResourcesInPositionOrderWithCkanUrls() {
    Map<String, Object> doc = document(rules210(), rows(pkg(), List.of()));
    assertThat(doc)
        .containsEntry(
            "res_url",
            List.of(
                "https://ckan.example/dataset/" + ID + "/resource/r0/download/my-data-e.csv",
                "http://example.org/b.csv"))
        .containsEntry("res_format", List.of("csv", "csv"))
        .containsEntry("res_name", List.of("res 0", "res 1"));
    assertThat((String) doc.get("validated_data_dict"))
        .contains("\"format\": \"CSV\"")
        .contains("\"a\": [1, 2], \"b\": 1.5");
  }

  @Test
  void splitsVocabularyTagsAndNamesRelationshipsAndLicenses() {
    Map<String, Object> doc = document(rules210(), rows(pkg(), List.of()));
    assertThat(doc)
        .containsEntry("vocab_colours", List.of("Zebra"))
        .containsEntry("tags", List.of("apple"))
        .containsEntry("parent_of", List.of("parent-ds"))
        .containsEntry("license_title", "UK Open Government Licence (OGL)")
        .containsEntry("isopen", true)
        .containsEntry("dataset_type", "dataset")
        .containsEntry("organization", null)
        .containsEntry("capacity", "public")
        .containsEntry("permission_labels", List.of("public"))
        .containsEntry("index_id", CkanDocumentBuilder.indexId(ID, "site"))
        .containsEntry("views_total", 0);
  }

  @Test
  void privateDatasetWithoutOrganizationIsLabelledForItsCreator() {
    Map<String, Object> p = pkg();
    p.put("private", true);
    Map<String, Object> doc = document(rules210(), rows(p, List.of()));
    assertThat(doc)
        .containsEntry("capacity", "private")
        .containsEntry("permission_labels", List.of("creator-user-1"));
  }

  @Test
  void draftIsIndexedAndDeletedIsRemoved() {
    Map<String, Object> draft = pkg();
    draft.put("state", "draft");
    draft.put("owner_org", "org-1");
    assertThat(document(rules210(), rows(draft, List.of())))
        .containsEntry("state", "draft")
        .containsEntry("permission_labels", List.of("member-org-1"));
    Map<String, Object> deleted = pkg();
    deleted.put("state", "deleted");
    assertThat(new CkanDocumentBuilder(rules210()).build(rows(deleted, List.of())))
        .isEqualTo(new IndexAction.Delete(ID));
    IndexRules keepDeleted =
        new IndexRules(CkanRelease.V2_10, "site", "", false, List.of(), false, true);
    assertThat(new CkanDocumentBuilder(keepDeleted).build(rows(deleted, List.of())))
        .isInstanceOf(IndexAction.Upsert.class);
  }

  @Test
  void overlongBareExtraIsCutButItsTextFieldIsNot() {
    String big = "x".repeat(40_000);
    Map<String, Object> doc =
        document(rules210(), rows(pkg(), List.of(extra("harvest_status", big))));
    assertThat(((String) doc.get("harvest_status")).length()).isEqualTo(TermGuard.MAX_TERM_BYTES);
    assertThat(doc.get("extras_harvest_status")).isEqualTo(big);
  }

  @Test
  void ckan29SerialisesDataDictBeforeValidatedDataDict() {
    IndexRules rules = IndexRules.defaults(CkanRelease.V2_9, "site", "");
    Map<String, Object> doc = document(rules, rows(pkg(), List.of()));
    assertThat((String) doc.get("data_dict")).doesNotContain("validated_data_dict");
    assertThat(doc).containsKey("validated_data_dict");
  }

  @Test
  void ckan211IndexesNoViewsWithoutTheTrackingPlugin() {
    IndexRules rules = IndexRules.defaults(CkanRelease.V2_11, "site", "");
    assertThat(document(rules, rows(pkg(), List.of())))
        .doesNotContainKeys("views_total", "views_recent");
  }
}
