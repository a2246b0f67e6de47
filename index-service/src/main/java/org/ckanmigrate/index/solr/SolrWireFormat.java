package org.ckanmigrate.index.solr;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.solr.common.SolrInputDocument;

/**
 * Turns a CKAN document into what pysolr puts on the wire for it: None and empty strings are not
 * sent (also inside lists), booleans become {@code true}/{@code false}, everything else its string
 * form, with characters XML cannot carry removed.
 */
final class SolrWireFormat {

  private static final Pattern XML_ILLEGAL =
      Pattern.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ud800-\\udfff\\ufffe\\uffff]");

  private SolrWireFormat() {}

  static SolrInputDocument toSolr(Map<String, Object> doc) {
    SolrInputDocument out = new SolrInputDocument();
    for (Map.Entry<String, Object> e : doc.entrySet()) {
      Object value = e.getValue();
      if (value instanceof List<?> list) {
        for (Object item : list) {
          String wire = wire(item);
          if (wire != null) {
            out.addField(e.getKey(), wire);
          }
        }
      } else {
        String wire = wire(value);
        if (wire != null) {
          out.addField(e.getKey(), wire);
        }
      }
    }
    return out;
  }

  static String wire(Object value) {
    if (value == null) {
      return null;
    }
    String s;
    if (value instanceof Boolean b) {
      s = b ? "true" : "false";
    } else {
      s = value.toString();
    }
    if (s.isEmpty()) {
      return null;
    }
    return hasXmlIllegal(s) ? XML_ILLEGAL.matcher(s).replaceAll("") : s;
  }

  // A plain scan first: almost no value needs the regex, and data_dict values are large.
  static boolean hasXmlIllegal(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r')
          || (c >= 0xd800 && c <= 0xdfff)
          || c >= 0xfffe) {
        return true;
      }
    }
    return false;
  }
}
