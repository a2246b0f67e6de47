package org.ckanmigrate.index.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkSpreadTest {

  private static List<String> ids(int n) {
    return IntStream.range(0, n).mapToObj(i -> "id-" + i).toList();
  }

  @Test
  void theBatchCountIsRoundedUpToAMultipleOfThePartitionsWithEqualSizes() {
    List<String> ids = ids(50_090);

    List<List<String>> batches = WorkSpread.split(ids, 500, 12);

    assertThat(batches).hasSize(108); // 101 batches of 500 needed, 9 per partition
    assertThat(batches).allSatisfy(b -> assertThat(b.size()).isBetween(463, 464));
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(ids);
  }

  @Test
  void aSmallCatalogueStillFillsEveryPartitionButNeverWithAnEmptyBatch() {
    assertThat(WorkSpread.split(ids(2_000), 500, 12)).hasSize(12);
    List<List<String>> tiny = WorkSpread.split(ids(5), 500, 12);
    assertThat(tiny).hasSize(5).allSatisfy(b -> assertThat(b).hasSize(1));
    assertThat(WorkSpread.split(ids(0), 500, 12)).isEmpty();
  }

  @Test
  void withOnePartitionTheBatchesAreAsFewAsTheSizeAllowsAndEven() {
    List<List<String>> batches = WorkSpread.split(ids(1_001), 500, 1);

    assertThat(batches).extracting(List::size).containsExactly(333, 334, 334);
  }

  @Test
  void eachBatchsKeyHashesToItsOwnPartitionSoEveryPartitionGetsTheSameCount() {
    int[] perPartition = new int[12];
    List<String> keys = new ArrayList<>();
    for (int b = 0; b < 108; b++) {
      String key = WorkSpread.key("run-1", b, 12);
      keys.add(key);
      assertThat(key).startsWith("run-1/" + b);
      perPartition[WorkSpread.partitionOf(key, 12)]++;
    }
    assertThat(perPartition).containsOnly(9);
    assertThat(keys).doesNotHaveDuplicates();
  }

  @Test
  void nonsenseSizesAreRefused() {
    assertThatThrownBy(() -> WorkSpread.split(ids(3), 0, 12))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size");
  }
}
