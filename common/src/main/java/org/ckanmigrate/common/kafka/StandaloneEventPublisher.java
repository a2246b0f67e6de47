package org.ckanmigrate.common.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ckanmigrate.common.event.EventCodec;
import org.ckanmigrate.common.event.EventEnvelope;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/**
 * Publishes events like a service does (same serializer, idempotent, {@code acks=all}) from outside
 * a Spring application: the CLI, the demo, tests.
 */
public final class StandaloneEventPublisher implements AutoCloseable {

  private final DefaultKafkaProducerFactory<Object, Object> factory;
  private final EventPublisher publisher;

  public StandaloneEventPublisher(String bootstrapServers, EventCodec codec) {
    this(KafkaAccess.plain(bootstrapServers), codec);
  }

  public StandaloneEventPublisher(KafkaAccess access, EventCodec codec) {
    Map<String, Object> config = new java.util.HashMap<>(access.clientProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    factory = new DefaultKafkaProducerFactory<>(config);
    factory.setKeySerializer(castKey(new StringSerializer()));
    factory.setValueSerializer(
        castValue(new JacksonJsonSerializer<EventEnvelope>(codec.mapper()).noTypeInfo()));
    publisher = new EventPublisher(new KafkaTemplate<>(factory), Duration.ofSeconds(30));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static org.apache.kafka.common.serialization.Serializer<Object> castKey(
      org.apache.kafka.common.serialization.Serializer s) {
    return s;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static org.apache.kafka.common.serialization.Serializer<Object> castValue(
      org.apache.kafka.common.serialization.Serializer s) {
    return s;
  }

  public void publish(String topic, EventEnvelope event) {
    publisher.publish(topic, event);
  }

  @Override
  public void close() {
    factory.destroy();
  }
}
