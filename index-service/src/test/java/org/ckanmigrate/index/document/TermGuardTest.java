package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TermGuardTest {

  @Test
  void saysNothingWasCutWhenEveryTermFits() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("bare_extra", "x".repeat(TermGuard.MAX_TERM_BYTES));
    doc.put("notes", "é".repeat(20000));
    assertThat(TermGuard.apply("d1", doc)).isFalse();
  }

  @Test
  void cutsOverlongStringTermsAtACharacterBoundary() {
    String big = "é".repeat(20000); // 40,000 bytes
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("bare_extra", big);
    doc.put("tags", List.of("ok", big));
    doc.put("extras_bare_extra", big);
    doc.put("notes", big);
    assertThat(TermGuard.apply("d1", doc)).as("something was cut").isTrue();
    assertThat(TermGuard.utf8Length((String) doc.get("bare_extra")))
        .isEqualTo(TermGuard.MAX_TERM_BYTES);
    assertThat((List<?>) doc.get("tags")).first().isEqualTo("ok");
    assertThat(TermGuard.utf8Length((String) ((List<?>) doc.get("tags")).get(1)))
        .isLessThanOrEqualTo(TermGuard.MAX_TERM_BYTES);
    assertThat(doc.get("extras_bare_extra")).isSameAs(big);
    assertThat(doc.get("notes")).isSameAs(big);
  }

  @Test
  void keepsSurrogatePairsWhole() {
    String s = "a" + "🚀".repeat(9000);
    String cut = TermGuard.cut(s);
    assertThat(TermGuard.utf8Length(cut)).isLessThanOrEqualTo(TermGuard.MAX_TERM_BYTES);
    assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
  }
}
