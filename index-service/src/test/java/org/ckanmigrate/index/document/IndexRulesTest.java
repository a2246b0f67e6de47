package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ckanmigrate.common.spec.IndexSpec;
import org.ckanmigrate.index.read.CkanRelease;
import org.junit.jupiter.api.Test;

/**
 * Options that mirror a CKAN setting default to CKAN's default when the run spec leaves them out.
 */
class IndexRulesTest {

  private static IndexSpec spec(Boolean removeDeleted) {
    return new IndexSpec(
        "http://solr:8983/solr",
        "ckan",
        "default",
        500,
        removeDeleted,
        null,
        "",
        null,
        List.of(),
        false,
        null);
  }

  @Test
  void removeDeletedLeftOutIsCkansDefaultTrue() {
    IndexRules rules = IndexRules.from(spec(null), CkanRelease.V2_10);
    assertThat(rules.removeDeletedPackages()).isTrue();
    assertThat(rules.removesDeleted()).isTrue();
  }

  @Test
  void removeDeletedFalseKeepsDeletedDatasetsFrom210Only() {
    assertThat(IndexRules.from(spec(false), CkanRelease.V2_10).removesDeleted()).isFalse();
    // Before 2.10 CKAN has no such setting: deleted datasets always leave the index.
    assertThat(IndexRules.from(spec(false), CkanRelease.V2_9).removesDeleted()).isTrue();
  }

  @Test
  void theOtherSettingsLeftOutAreCkansDefaultsToo() {
    IndexRules rules = IndexRules.from(spec(null), CkanRelease.V2_10);
    assertThat(rules).isEqualTo(IndexRules.defaults(CkanRelease.V2_10, "default", ""));
  }
}
