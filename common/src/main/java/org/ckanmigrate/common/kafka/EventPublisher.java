package org.ckanmigrate.common.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ckanmigrate.common.event.EventEnvelope;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends envelopes with the run id as key and the CloudEvents Kafka-binding headers ({@code ce_id},
 * {@code ce_type}, ...) mirrored beside the structured body, so dead-letter triage and filtering
 * work without parsing the body.
 */
public class EventPublisher {

  private final KafkaTemplate<Object, Object> template;
  private final Duration sendTimeout;

  public EventPublisher(KafkaTemplate<Object, Object> template, Duration sendTimeout) {
    this.template = template;
    this.sendTimeout = sendTimeout;
  }

  /** Sends with the run id as key and waits for the broker's acknowledgement ({@code acks=all}). */
  public void publish(String topic, EventEnvelope event) {
    publish(topic, event.subject(), event);
  }

  /**
   * Sends with an explicit key: work items of one run (reindex batches) are spread over the
   * partitions this way, so several consumers share them.
   */
  public void publish(String topic, String key, EventEnvelope event) {
    ProducerRecord<Object, Object> record = new ProducerRecord<>(topic, key, event);
    header(record, "ce_specversion", event.specversion());
    header(record, "ce_id", event.id());
    header(record, "ce_source", event.source());
    header(record, "ce_type", event.type());
    header(record, "ce_subject", event.subject());
    header(record, "content-type", EventEnvelope.CONTENT_TYPE);
    try {
      template.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventPublishException("Interrupted while publishing event " + event.id(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new EventPublishException(
          "Could not publish event " + event.id() + " (" + event.type() + ") to " + topic, e);
    }
  }

  private static void header(ProducerRecord<?, ?> record, String name, String value) {
    if (value != null) {
      record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The broker did not acknowledge an event in time. */
  public static class EventPublishException extends RuntimeException {
    public EventPublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
