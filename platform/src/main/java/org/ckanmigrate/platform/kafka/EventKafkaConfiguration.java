package org.ckanmigrate.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.MalformedEventException;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.event.UnknownEventTypeException;
import org.ckanmigrate.contract.secret.Scrubber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The event backbone every service shares: CloudEvents JSON through Spring Kafka's Jackson 3 serdes
 * (no class names on the wire), an {@link ErrorHandlingDeserializer} so undecodable bytes cannot
 * block a partition, bounded blocking retries and then {@code <topic>-dlt}, and the topics declared
 * with their dead-letter twins.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(KafkaTopicsProperties.class)
public class EventKafkaConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EventKafkaConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  EventCodec eventCodec(@Value("${spring.application.name:ckan-migrate}") String application) {
    return new EventCodec(
        EventCodec.defaultMapper(), "/ckan-migrate/" + application, java.time.Clock.systemUTC());
  }

  @Bean
  DefaultKafkaProducerFactoryCustomizer eventSerializerCustomizer(EventCodec codec) {
    // byte[] for dead-lettering records that could not be deserialized, JSON for envelopes.
    Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
    byType.put(byte[].class, new ByteArraySerializer());
    byType.put(
        EventEnvelope.class, new JacksonJsonSerializer<EventEnvelope>(codec.mapper()).noTypeInfo());
    return factory -> {
      @SuppressWarnings({"unchecked", "rawtypes"})
      var typed = (org.springframework.kafka.core.DefaultKafkaProducerFactory) factory;
      typed.setValueSerializer(new DelegatingByTypeSerializer(byType, true));
    };
  }

  @Bean
  DefaultKafkaConsumerFactoryCustomizer eventDeserializerCustomizer(EventCodec codec) {
    return factory -> {
      @SuppressWarnings({"unchecked", "rawtypes"})
      var typed = (org.springframework.kafka.core.DefaultKafkaConsumerFactory) factory;
      typed.setValueDeserializer(
          new ErrorHandlingDeserializer<>(
              new JacksonJsonDeserializer<>(EventEnvelope.class, codec.mapper(), false)));
    };
  }

  @Bean
  @ConditionalOnMissingBean(CommonErrorHandler.class)
  DefaultErrorHandler eventErrorHandler(
      KafkaTemplate<Object, Object> template,
      KafkaTopicsProperties properties,
      MeterRegistry meters,
      org.springframework.beans.factory.ObjectProvider<OutageRecoverer> outageRecoverer) {
    DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template);
    deadLetters.setExceptionHeadersCreator(EventKafkaConfiguration::scrubbedExceptionHeaders);
    for (String topic : new String[] {Topics.EVENTS, Topics.REINDEX_WORK}) {
      deadLettered(meters, topic); // at zero, so an alert on any increase has a series to watch
    }
    DefaultErrorHandler handler =
        new DefaultErrorHandler(
            (record, exception) -> {
              if (Outages.isOutage(exception)) {
                outageRecoverer.ifAvailable(r -> r.recover(record, exception));
              }
              log.error(
                  "Dead-lettering record {}-{}@{} (key {}): {}",
                  record.topic(),
                  record.partition(),
                  record.offset(),
                  record.key(),
                  Scrubber.scrub(exception.getMessage()));
              deadLettered(meters, record.topic()).increment();
              deadLetters.accept(record, exception);
            },
            new FixedBackOff(properties.retryBackoff().toMillis(), properties.retryAttempts()));
    handler.addNotRetryableExceptions(
        UnknownEventTypeException.class, MalformedEventException.class);
    // An unreachable state database is waited out for the outage budget, not two seconds.
    handler.setBackOffFunction(
        (record, exception) -> Outages.isOutage(exception) ? outageBackOff(properties) : null);
    return handler;
  }

  static org.springframework.util.backoff.BackOff outageBackOff(KafkaTopicsProperties properties) {
    var backOff = new org.springframework.util.backoff.ExponentialBackOff(1_000, 2.0);
    backOff.setMaxInterval(30_000);
    backOff.setMaxElapsedTime(properties.outageBudget().toMillis());
    return backOff;
  }

  /**
   * Dead-letter headers name the exception and hold its scrubbed message, never a stack trace:
   * anyone who can read the dead-letter topic would otherwise read what the logs hide.
   */
  public static void scrubbedExceptionHeaders(
      Headers headers,
      Exception exception,
      boolean isKey,
      DeadLetterPublishingRecoverer.HeaderNames names) {
    DeadLetterPublishingRecoverer.HeaderNames.ExceptionInfo info = names.getExceptionInfo();
    Throwable cause = exception.getCause() == null ? exception : exception.getCause();
    headers.add(
        isKey ? info.getKeyExceptionFqcn() : info.getExceptionFqcn(),
        exception.getClass().getName().getBytes(StandardCharsets.UTF_8));
    if (!isKey) {
      headers.add(
          info.getExceptionCauseFqcn(),
          cause.getClass().getName().getBytes(StandardCharsets.UTF_8));
    }
    String message = Scrubber.scrub(String.valueOf(cause.getMessage()));
    headers.add(
        isKey ? info.getKeyExceptionMessage() : info.getExceptionMessage(),
        message.getBytes(StandardCharsets.UTF_8));
  }

  private static Counter deadLettered(MeterRegistry meters, String topic) {
    return Counter.builder("ckan.migration.events.dead.lettered")
        .description("Records moved to a dead-letter topic after failing")
        .tag("topic", topic)
        .register(meters);
  }

  @Bean
  @ConditionalOnMissingBean
  EventPublisher eventPublisher(KafkaTemplate<Object, Object> template) {
    return new EventPublisher(template, Duration.ofSeconds(30));
  }

  @Bean
  KafkaAdmin.NewTopics ckanMigrateTopics(KafkaTopicsProperties p) {
    String events = retentionMs(p.eventsRetention());
    return new KafkaAdmin.NewTopics(
        topic(Topics.EVENTS, p.eventPartitions(), p.replicationFactor(), events),
        topic(Topics.deadLetter(Topics.EVENTS), p.eventPartitions(), p.replicationFactor(), events),
        topic(
            Topics.PROGRESS,
            p.eventPartitions(),
            p.replicationFactor(),
            retentionMs(p.progressRetention())),
        topic(Topics.REINDEX_WORK, p.workPartitions(), p.replicationFactor(), null),
        topic(
            Topics.deadLetter(Topics.REINDEX_WORK),
            p.workPartitions(),
            p.replicationFactor(),
            events));
  }

  /** Kafka's retention.ms: -1 keeps records for good. */
  private static String retentionMs(Duration retention) {
    return retention.isZero() || retention.isNegative()
        ? "-1"
        : Long.toString(retention.toMillis());
  }

  private static NewTopic topic(String name, int partitions, short replication, String retention) {
    TopicBuilder b = TopicBuilder.name(name).partitions(partitions).replicas(replication);
    if (retention != null) {
      b.config(org.apache.kafka.common.config.TopicConfig.RETENTION_MS_CONFIG, retention);
    }
    return b.build();
  }
}
