package org.ckanmigrate.platform.kafka;

import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ckanmigrate.client.CloudEventHeaders;
import org.ckanmigrate.client.EventPublishException;
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
    EventPublishException.awaitAcknowledgement(template.send(record), sendTimeout, event, topic);
  }
}
