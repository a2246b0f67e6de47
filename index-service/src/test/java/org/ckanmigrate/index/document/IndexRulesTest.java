package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ckanmigrate.contract.spec.IndexSpec;
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
  void removeDeletedFalseKeepsDeletedDatasetsFrom210AndIsRefusedBefore() {
    assertThat(IndexRules.from(spec(false), CkanRelease.V2_10).removesDeleted()).isFalse();
    // Before 2.10 CKAN has no such setting: deleted datasets always leave the index, so asking
    // to keep them would build an index that CKAN never had.
    assertThat(IndexRules.from(spec(true), CkanRelease.V2_9).removesDeleted()).isTrue();
    assertThat(IndexRules.from(spec(null), CkanRelease.V2_9).removesDeleted()).isTrue();
    assertThatThrownBy(() -> IndexRules.from(spec(false), CkanRelease.V2_9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index.remove-deleted: false needs CKAN 2.10 or later")
        .hasMessageContaining("CKAN 2.9 always removes deleted datasets");
  }

  @Test
  void datasetCollaboratorsBefore29AreRefused() {
    IndexSpec collaborators =
        new IndexSpec(
            "http://solr:8983/solr",
            "ckan",
            "default",
            500,
            null,
            null,
            "",
            null,
            List.of(),
            true,
            null);
    assertThat(IndexRules.from(collaborators, CkanRelease.V2_9).allowDatasetCollaborators())
        .isTrue();
    assertThatThrownBy(() -> IndexRules.from(collaborators, CkanRelease.V2_8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index.allow-dataset-collaborators: true needs CKAN 2.9 or later")
        .hasMessageContaining("CKAN 2.8 has no dataset collaborators");
  }

  @Test
  void theOtherSettingsLeftOutAreCkansDefaultsToo() {
    IndexRules rules = IndexRules.from(spec(null), CkanRelease.V2_10);
    assertThat(rules).isEqualTo(IndexRules.defaults(CkanRelease.V2_10, "default", ""));
  }
}
