package org.ckanmigrate.index.phase;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * Cuts a run's datasets into batches that the work topic's consumers share evenly. Keys hashed to
 * partitions at random gave one worker 57 batches and the other 44 (one instance, 12 partitions),
 * and 31/31/20/19 with two instances: the run lasted as long as the busiest worker, the others idle
 * at its end. So the batch count is a multiple of the partitions and batch {@code b} goes to
 * partition {@code b mod partitions}: every partition gets the same number, and so does every
 * consumer when the consumers hold equal numbers of partitions (12 suit 1, 2, 3, 4 and 6).
 */
final class WorkSpread {

  private WorkSpread() {}

  /**
   * Batches of at most {@code maxSize} ids, in order, whose sizes differ by at most one; as many as
   * needed, rounded up to a multiple of {@code partitions} (but never an empty batch).
   */
  static List<List<String>> split(List<String> ids, int maxSize, int partitions) {
    if (maxSize < 1 || partitions < 1) {
      throw new IllegalArgumentException(
          "batch size and partitions must be >= 1, got " + maxSize + " and " + partitions);
    }
    int n = (ids.size() + maxSize - 1) / maxSize;
    n = Math.min(ids.size(), (n + partitions - 1) / partitions * partitions);
    List<List<String>> batches = new ArrayList<>(n);
    for (int b = 0; b < n; b++) {
      int from = (int) ((long) ids.size() * b / n);
      int to = (int) ((long) ids.size() * (b + 1) / n);
      batches.add(List.copyOf(ids.subList(from, to)));
    }
    return batches;
  }

  /**
   * The Kafka key of batch {@code batch} of {@code runId}: {@code run/batch}, with a suffix when
   * needed so that the producer's partitioner (murmur2 of the key, Kafka's documented default for
   * keyed records) sends it to partition {@code batch mod partitions}. A key rather than an
   * explicit partition, so the outbox and its relay stay generic.
   */
  static String key(String runId, int batch, int partitions) {
    int wanted = Math.floorMod(batch, partitions);
    String base = runId + "/" + batch;
    String key = base;
    for (int salt = 1; partitionOf(key, partitions) != wanted; salt++) {
      key = base + "~" + salt;
    }
    return key;
  }

  /** The partition Kafka's default partitioner picks for a string key. */
  static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
