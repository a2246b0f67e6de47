package org.ckanmigrate.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;

/**
 * Publishes events as a service does (the contract's JSON, run id as key, the CloudEvents headers,
 * idempotent, {@code acks=all}, waiting for the broker's acknowledgement) from outside a service:
 * the CLI, the demo, tests. Plain kafka-clients, so its users carry no Spring.
 */
public final class StandaloneEventPublisher implements AutoCloseable {

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<String, byte[]> producer;
  private final EventCodec codec;

  public StandaloneEventPublisher(String bootstrapServers, EventCodec codec) {
    this(KafkaAccess.plain(bootstrapServers), codec);
  }

  public StandaloneEventPublisher(KafkaAccess access, EventCodec codec) {
    Map<String, Object> config = new HashMap<>(access.clientProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.codec = codec;
  }

  /** Sends with the run id as key and waits for the acknowledgement. */
  public void publish(String topic, EventEnvelope event) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, event.subject(), codec.mapper().writeValueAsBytes(event));
    CloudEventHeaders.add(record.headers(), event);
    EventPublishException.awaitAcknowledgement(producer.send(record), SEND_TIMEOUT, event, topic);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
