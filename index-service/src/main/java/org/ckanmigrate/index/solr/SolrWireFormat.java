package org.ckanmigrate.index.solr;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.solr.common.SolrInputDocument;
import org.ckanmigrate.index.read.CkanRelease;

/**
 * What the pysolr a CKAN release pins puts on the wire for a document, so Solr stores what it would
 * have stored had CKAN itself indexed the dataset.
 *
 * <ul>
 *   <li>{@link #PYSOLR_3_6_XML} (CKAN 2.7 to 2.9, pysolr 3.6.0): an XML {@code <add>}; {@code None}
 *       and {@code ""} are not sent, also inside lists; characters XML cannot carry are removed.
 *   <li>{@link #PYSOLR_3_9_JSON} (CKAN 2.10 and 2.11, pysolr 3.9.0): {@code json.dumps(docs)};
 *       {@code None} is {@code null}, which Solr skips, but {@code ""} is sent and stored, also as
 *       a list item (so {@code res_format} stays aligned with the resources by position); nothing
 *       is stripped (CKAN itself cleans only title, notes and title_string).
 * </ul>
 *
 * Booleans become {@code true}/{@code false}; every other value its string form, which Solr parses
 * into the field's type as it parses the JSON or XML text.
 */
public enum SolrWireFormat {
  PYSOLR_3_6_XML(true),
  PYSOLR_3_9_JSON(false);

  private static final Pattern XML_ILLEGAL =
      Pattern.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ud800-\\udfff\\ufffe\\uffff]");

  private final boolean xml;

  SolrWireFormat(boolean xml) {
    this.xml = xml;
  }

  /** The wire format of the pysolr {@code release} pins. */
  public static SolrWireFormat of(CkanRelease release) {
    return release.atLeast(CkanRelease.V2_10) ? PYSOLR_3_9_JSON : PYSOLR_3_6_XML;
  }

  SolrInputDocument toSolr(Map<String, Object> doc) {
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

  String wire(Object value) {
    if (value == null) {
      return null;
    }
    String s;
    if (value instanceof Boolean b) {
      s = b ? "true" : "false";
    } else {
      s = value.toString();
    }
    if (!xml) {
      return s;
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
