package org.ckanmigrate.cli.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ckanmigrate.contract.event.IndexCompleted;
import org.junit.jupiter.api.Test;

class RunViewTest {

  @Test
  void indexSummaryNamesTheFirstDatasetsWithAValueCutToTheTermLimit() {
    var cut = new IndexCompleted(10, 0, 0, true, 5.0, 7, List.of("a", "b", "c", "d", "e"));
    assertThat(RunView.termsCut(cut))
        .isEqualTo(", 7 with a value cut to Solr's term limit (a, b, c, d, e, ...)");
    var one = new IndexCompleted(10, 0, 0, true, 5.0, 1, List.of("a"));
    assertThat(RunView.termsCut(one)).isEqualTo(", 1 with a value cut to Solr's term limit (a)");
  }

  @Test
  void indexSummarySaysNothingWhenNoValueWasCut() {
    assertThat(RunView.termsCut(new IndexCompleted(10, 0, 0, true, 5.0))).isEmpty();
  }
}
