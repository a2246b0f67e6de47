package org.ckanmigrate.cli.follow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.Topics;

/**
 * Reads the events topic from its beginning and keeps reading, outside any consumer group, so
 * following a run never takes work from the services.
 */
public final class EventFollower implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final EventCodec codec;

  public EventFollower(org.ckanmigrate.client.KafkaAccess access, EventCodec codec) {
    this.consumer = EventStreamReader.groupless(access);
    this.codec = codec;
    List<TopicPartition> partitions = new java.util.ArrayList<>(partitions(Topics.EVENTS));
    try {
      // Progress has its own short-lived topic; a cluster without it yet has no progress to show.
      partitions.addAll(partitions(Topics.PROGRESS));
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      // not created yet
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  private List<TopicPartition> partitions(String topic) {
    return consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  /** Whether everything written so far has been read. */
  public boolean caughtUp() {
    var end = consumer.endOffsets(consumer.assignment());
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  /** Reads what arrived within {@code wait}; envelopes go to {@code sink}, the rest is skipped. */
  public void poll(Duration wait, Consumer<EventEnvelope> sink) {
    for (var record : consumer.poll(wait)) {
      if (record.value() == null) {
        continue;
      }
      try {
        sink.accept(codec.fromJson(new String(record.value(), StandardCharsets.UTF_8)));
      } catch (RuntimeException e) {
        // not an envelope: poison records are the services' concern (dead-letter topic)
      }
    }
  }

  /** Reads everything written so far. */
  public void catchUp(Consumer<EventEnvelope> sink) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!caughtUp() && System.nanoTime() < deadline) {
      poll(Duration.ofMillis(200), sink);
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
