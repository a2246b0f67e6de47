package org.ckanmigrate.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.Topics;

/**
 * Reads a topic from its beginning up to its current end, without joining a consumer group: how a
 * status view (or a test) sees what happened to a run, whoever produced it.
 */
public class EventStreamReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final EventCodec codec;

  public EventStreamReader(String bootstrapServers, EventCodec codec) {
    this(KafkaAccess.plain(bootstrapServers), codec);
  }

  public EventStreamReader(KafkaAccess access, EventCodec codec) {
    this.consumer = groupless(access);
    this.codec = codec;
  }

  /**
   * A consumer outside any consumer group (it is assigned partitions, never subscribed), so reading
   * the stream never takes work from the services.
   */
  public static KafkaConsumer<String, byte[]> groupless(String bootstrapServers) {
    return groupless(KafkaAccess.plain(bootstrapServers));
  }

  /** As {@link #groupless(String)}, on a cluster that may authenticate. */
  public static KafkaConsumer<String, byte[]> groupless(KafkaAccess access) {
    Properties props = new Properties();
    props.putAll(access.clientProperties());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    return new KafkaConsumer<>(props);
  }

  /** Every record now in {@code topic}, in partition then offset order. */
  public List<ConsumerRecord<String, byte[]>> readRaw(String topic, Duration timeout) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, timeout).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reached(end) && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(out::add);
    }
    return out;
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  /** Every readable envelope now in {@code topic}; records that are not envelopes are skipped. */
  public List<EventEnvelope> read(String topic, Duration timeout) {
    List<EventEnvelope> events = new ArrayList<>();
    for (var record : readRaw(topic, timeout)) {
      if (record.value() == null) {
        continue;
      }
      try {
        events.add(codec.fromJson(new String(record.value(), StandardCharsets.UTF_8)));
      } catch (RuntimeException e) {
        // not an envelope (a poison record); a status view ignores it
      }
    }
    return events;
  }

  /** The events of one run, in the order they were written. */
  public List<EventEnvelope> forRun(String runId, Duration timeout) {
    return read(Topics.EVENTS, timeout).stream().filter(e -> runId.equals(e.subject())).toList();
  }

  /** A run's progress events (their own topic; empty while it does not exist yet). */
  public List<EventEnvelope> progressForRun(String runId, Duration timeout) {
    return read(Topics.PROGRESS, timeout).stream().filter(e -> runId.equals(e.subject())).toList();
  }

  /** The first event of {@code type} in a run, if it has been written yet. */
  public static java.util.Optional<EventEnvelope> firstOf(
      String bootstrapServers,
      EventCodec codec,
      String runId,
      org.ckanmigrate.contract.event.EventType type) {
    try (EventStreamReader reader = new EventStreamReader(bootstrapServers, codec)) {
      return reader.forRun(runId, Duration.ofSeconds(10)).stream()
          .filter(e -> e.type().equals(type.wireName()))
          .findFirst();
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
