package org.ckanmigrate.index.solr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrInputDocument;
import org.junit.jupiter.api.Test;

class SolrWireFormatTest {

  @Test
  void sendsWhatPysolrSends() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("author", null);
    doc.put("version", "");
    doc.put("isopen", true);
    doc.put("views_total", 0);
    doc.put("res_description", Arrays.asList("CSV file", null, ""));
    doc.put("res_format", List.of("CSV", "", "JSON"));
    doc.put("notes", "a\u0001b\tc 🚀");
    SolrInputDocument solr = SolrWireFormat.toSolr(doc);
    assertThat(solr.getFieldNames())
        .containsExactly("isopen", "views_total", "res_description", "res_format", "notes");
    assertThat(solr.getFieldValue("isopen")).isEqualTo("true");
    assertThat(solr.getFieldValue("views_total")).isEqualTo("0");
    assertThat(solr.getFieldValues("res_description")).containsExactly("CSV file");
    assertThat(solr.getFieldValues("res_format")).containsExactly("CSV", "JSON");
    assertThat(solr.getFieldValue("notes")).isEqualTo("ab\tc 🚀");
  }
}
