package org.ckanmigrate.platform.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ckanmigrate.client.CloudEventHeaders;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends envelopes with the run id as key and the {@link CloudEventHeaders} beside the structured
 * body, through the service's {@code KafkaTemplate}.
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
    CloudEventHeaders.add(record.headers(), event);
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

  /** The broker did not acknowledge an event in time. */
  public static class EventPublishException extends RuntimeException {
    public EventPublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
