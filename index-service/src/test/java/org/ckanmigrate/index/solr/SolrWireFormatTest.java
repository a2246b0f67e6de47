package org.ckanmigrate.index.solr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrInputDocument;
import org.ckanmigrate.index.read.CkanRelease;
import org.junit.jupiter.api.Test;

class SolrWireFormatTest {

  private static Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("author", null);
    doc.put("version", "");
    doc.put("isopen", true);
    doc.put("views_total", 0);
    doc.put("res_description", Arrays.asList("CSV file", null, ""));
    doc.put("res_format", List.of("", "", "ZIP"));
    doc.put("notes", "a\u0001b\tc 🚀");
    doc.put("extras_note", "x\u000by\ufffe");
    return doc;
  }

  @Test
  void eachReleaseSendsWhatItsPysolrSends() {
    assertThat(SolrWireFormat.of(CkanRelease.V2_7)).isEqualTo(SolrWireFormat.PYSOLR_3_6_XML);
    assertThat(SolrWireFormat.of(CkanRelease.V2_9)).isEqualTo(SolrWireFormat.PYSOLR_3_6_XML);
    assertThat(SolrWireFormat.of(CkanRelease.V2_10)).isEqualTo(SolrWireFormat.PYSOLR_3_9_JSON);
    assertThat(SolrWireFormat.of(CkanRelease.V2_11)).isEqualTo(SolrWireFormat.PYSOLR_3_9_JSON);
  }

  @Test
  void pysolr36XmlDropsNoneAndEmptyStringsAndXmlIllegalCharacters() {
    SolrInputDocument solr = SolrWireFormat.PYSOLR_3_6_XML.toSolr(document());
    assertThat(solr.getFieldNames())
        .containsExactly(
            "isopen", "views_total", "res_description", "res_format", "notes", "extras_note");
    assertThat(solr.getFieldValue("isopen")).isEqualTo("true");
    assertThat(solr.getFieldValue("views_total")).isEqualTo("0");
    assertThat(solr.getFieldValues("res_description")).containsExactly("CSV file");
    assertThat(solr.getFieldValues("res_format")).containsExactly("ZIP");
    assertThat(solr.getFieldValue("notes")).isEqualTo("ab\tc 🚀");
    assertThat(solr.getFieldValue("extras_note")).isEqualTo("xy");
  }

  @Test
  void pysolr39JsonKeepsEmptyStringsInPlaceAndStripsNothing() {
    SolrInputDocument solr = SolrWireFormat.PYSOLR_3_9_JSON.toSolr(document());
    assertThat(solr.getFieldNames())
        .containsExactly(
            "version",
            "isopen",
            "views_total",
            "res_description",
            "res_format",
            "notes",
            "extras_note");
    assertThat(solr.getFieldValue("version")).isEqualTo("");
    assertThat(solr.getFieldValue("isopen")).isEqualTo("true");
    assertThat(solr.getFieldValues("res_description")).containsExactly("CSV file", "");
    assertThat(solr.getFieldValues("res_format")).containsExactly("", "", "ZIP");
    assertThat(solr.getFieldValue("notes")).isEqualTo("a\u0001b\tc 🚀");
    assertThat(solr.getFieldValue("extras_note")).isEqualTo("x\u000by\ufffe");
  }
}
