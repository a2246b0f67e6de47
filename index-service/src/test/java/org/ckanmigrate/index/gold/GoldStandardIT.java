package org.ckanmigrate.index.gold;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.ckanmigrate.index.document.CkanDocumentBuilder;
import org.ckanmigrate.index.document.IndexAction;
import org.ckanmigrate.index.document.IndexRules;
import org.ckanmigrate.index.read.CkanRelease;
import org.ckanmigrate.index.read.CkanSchema;
import org.ckanmigrate.index.read.DatasetBatchReader;
import org.ckanmigrate.index.read.DatasetRows;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The documents built from the CKAN 2.10 gold database equal, field for field, the ones CKAN
 * 2.10.10 itself posted to Solr (except the moment-of-indexing fields).
 */
class GoldStandardIT {

  private static final Set<String> MOMENT_OF_INDEXING = Set.of("indexed_ts", "_version_");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static TestDatabase db;
  private static List<DatasetRows> rows;
  private static CkanSchema schema;
  private static List<String> allIds;

  @BeforeAll
  static void loadGoldDatabase() throws Exception {
    db = CkanGoldFixture.load("index_gold");
    try (Connection c = db.connect()) {
      schema = CkanSchema.detect(c);
      allIds = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT id FROM package ORDER BY id")) {
        while (rs.next()) {
          allIds.add(rs.getString(1));
        }
      }
      rows = new DatasetBatchReader(schema).read(c, allIds);
    }
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  private static CkanDocumentBuilder builder() {
    return new CkanDocumentBuilder(
        IndexRules.defaults(schema.release(), "default", "http://localhost:5000"));
  }

  @Test
  void detectsCkan210Schema() {
    assertThat(schema.release()).isEqualTo(CkanRelease.V2_10);
    assertThat(rows).hasSize(allIds.size());
  }

  @Test
  void documentsEqualWhatCkan210PostedToSolr() throws Exception {
    List<Map<String, Object>> gold = readGold();
    Map<String, Map<String, Object>> goldById = new LinkedHashMap<>();
    for (Map<String, Object> doc : gold) {
      goldById.put((String) doc.get("id"), doc);
    }
    CkanDocumentBuilder builder = builder();
    List<String> differences = new ArrayList<>();
    Set<String> indexed = new TreeSet<>();
    for (DatasetRows r : rows) {
      IndexAction action = builder.build(r);
      Map<String, Object> expected = goldById.get(r.id());
      String name = (String) r.pkg().get("name");
      if (action instanceof IndexAction.Delete) {
        if (expected != null) {
          differences.add(name + ": removed from the index, but CKAN indexed it");
        }
        continue;
      }
      indexed.add(r.id());
      Map<String, Object> actual = ((IndexAction.Upsert) action).document();
      if (expected == null) {
        differences.add(name + ": indexed, but CKAN did not index it");
        continue;
      }
      compare(name, expected, actual, differences);
    }
    for (String id : goldById.keySet()) {
      if (!indexed.contains(id)) {
        differences.add(id + ": CKAN indexed it, the builder did not");
      }
    }
    assertThat(differences).as("differences from CKAN 2.10.10's documents").isEmpty();
    assertThat(indexed).hasSize(gold.size());
  }

  @Test
  void comparisonReportsAChangedFieldAndAChangedJsonText() throws Exception {
    Map<String, Object> expected = readGold().get(0);
    Map<String, Object> changed = new LinkedHashMap<>(expected);
    changed.put("capacity", "private");
    changed.put("data_dict", ((String) expected.get("data_dict")).replace("\", \"", "\",\""));
    changed.remove("site_id");
    List<String> differences = new ArrayList<>();
    compare("ds", expected, changed, differences);
    assertThat(differences)
        .hasSize(3)
        .anySatisfy(d -> assertThat(d).startsWith("ds.capacity: CKAN public"))
        .anySatisfy(d -> assertThat(d).startsWith("ds.data_dict: same JSON, different text"))
        .anySatisfy(d -> assertThat(d).startsWith("ds.site_id: missing"));
  }

  @Test
  void buildsFasterThanAThousandDatasetsPerSecond() {
    CkanDocumentBuilder builder = builder();
    for (int i = 0; i < 300; i++) {
      rows.forEach(builder::build);
    }
    int rounds = 2000;
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      rows.forEach(builder::build);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = rounds * rows.size() / seconds;
    System.out.printf("Gold build rate: %.0f datasets/s (%d builds)%n", rate, rounds * rows.size());
    assertThat(rate).isGreaterThan(1000);
  }

  private static void compare(
      String dataset,
      Map<String, Object> expected,
      Map<String, Object> actual,
      List<String> differences)
      throws Exception {
    Set<String> fields = new TreeSet<>(expected.keySet());
    fields.addAll(actual.keySet());
    fields.removeAll(MOMENT_OF_INDEXING);
    for (String field : fields) {
      if (!expected.containsKey(field)) {
        differences.add(dataset + "." + field + ": unexpected field = " + brief(actual.get(field)));
        continue;
      }
      if (!actual.containsKey(field)) {
        differences.add(
            dataset + "." + field + ": missing, CKAN has " + brief(expected.get(field)));
        continue;
      }
      Object e = expected.get(field);
      Object a = actual.get(field);
      if (field.equals("data_dict") || field.equals("validated_data_dict")) {
        Object ej = JSON.readValue((String) e, Object.class);
        Object aj = a instanceof String s ? JSON.readValue(s, Object.class) : null;
        if (!Objects.equals(ej, aj)) {
          differences.add(
              dataset + "." + field + ": JSON differs\n  CKAN: " + e + "\n  ours: " + a);
        } else if (!e.equals(a)) {
          differences.add(
              dataset
                  + "."
                  + field
                  + ": same JSON, different text\n  CKAN: "
                  + e
                  + "\n  ours: "
                  + a);
        }
        continue;
      }
      if (!sameValue(e, a)) {
        differences.add(dataset + "." + field + ": CKAN " + brief(e) + " but ours " + brief(a));
      }
    }
  }

  // Values and JSON types must match; integers compare by value whatever their Java width.
  private static boolean sameValue(Object e, Object a) {
    if (e == null || a == null) {
      return e == a;
    }
    if (e instanceof Number en && a instanceof Number an) {
      return (en instanceof Double || en instanceof Float)
              == (an instanceof Double || an instanceof Float)
          && en.doubleValue() == an.doubleValue();
    }
    if (e instanceof List<?> el && a instanceof List<?> al) {
      if (el.size() != al.size()) {
        return false;
      }
      for (int i = 0; i < el.size(); i++) {
        if (!sameValue(el.get(i), al.get(i))) {
          return false;
        }
      }
      return true;
    }
    return e.getClass() == a.getClass() && e.equals(a);
  }

  private static String brief(Object o) {
    String s = o == null ? "null" : o + " (" + o.getClass().getSimpleName() + ")";
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> readGold() throws Exception {
    return JSON.readValue(Files.readString(CkanGoldFixture.postedDocs()), List.class);
  }
}
